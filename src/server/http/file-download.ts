/**
 * How a kept file (an incident's or an agenda item's attachment) is served: always as a download,
 * never shown inline — as the type its content was detected as (which its name's extension
 * matches), with an attachment disposition and nosniff.
 */
import type { FastifyReply } from 'fastify';

/**
 * An ASCII fallback name (anything else, quotes and backslashes as `_`) and the exact name in
 * RFC 5987 form (its reserved characters escaped too).
 */
function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const exact = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

export function sendFile(reply: FastifyReply, file: { file_name: string; media_type: string; content: Uint8Array }): Buffer {
  reply.type(file.media_type === 'text/plain' ? 'text/plain; charset=utf-8' : file.media_type);
  reply.header('content-disposition', attachmentDisposition(file.file_name));
  reply.header('x-content-type-options', 'nosniff');
  return Buffer.from(file.content);
}
