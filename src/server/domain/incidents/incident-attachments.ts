/**
 * Attachments of incidents. The type is decided from the content (magic numbers), never from the
 * name or the client's word; only documents, images and plain text are accepted, up to a size
 * limit, and the name's extension follows the type (`page.html` holding text is `page.html.txt`),
 * so the file is what its name says wherever it is saved. Files live in the database, are read
 * exactly when their incident is, and are served as downloads only (their type, attachment
 * disposition, nosniff).
 */
import { can } from '../policy/policy';
import crypto from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { attachmentRepository } from '../../db/repositories/attachment-repository';
import { incidentRepository } from '../../db/repositories/incident-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { readRecordOrRefuse } from '../audit/record-reads';
import { getIncident } from './incident-service';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';

export const MAX_ATTACHMENT_BYTES = 10 * 1_048_576;
export const MAX_ATTACHMENTS_PER_INCIDENT = 50;
/** Media types accepted, as detected from the content, with the extensions a name of that type may end in (the first is added otherwise). */
export const ACCEPTED_TYPES: Record<string, { name: string; extensions: string[] }> = {
  'application/pdf': { name: 'PDF document', extensions: ['pdf'] },
  'image/png': { name: 'PNG image', extensions: ['png'] },
  'image/jpeg': { name: 'JPEG image', extensions: ['jpg', 'jpeg'] },
  'image/gif': { name: 'GIF image', extensions: ['gif'] },
  'image/webp': { name: 'WebP image', extensions: ['webp'] },
  'image/tiff': { name: 'TIFF image', extensions: ['tif', 'tiff'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { name: 'Word document', extensions: ['docx'] },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { name: 'Excel workbook', extensions: ['xlsx'] },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': {
    name: 'PowerPoint presentation',
    extensions: ['pptx'],
  },
  'application/vnd.oasis.opendocument.text': { name: 'OpenDocument text', extensions: ['odt'] },
  'application/vnd.oasis.opendocument.spreadsheet': { name: 'OpenDocument spreadsheet', extensions: ['ods'] },
  // Only .txt: text named .html, .svg or .csv would be opened as a page, an image or a spreadsheet.
  'text/plain': { name: 'plain text', extensions: ['txt'] },
};

/** The media type of the content, or null when it is not one Concord accepts. */
export async function detectType(content: Buffer): Promise<string | null> {
  const detected = await fileTypeFromBuffer(content);
  if (detected) return ACCEPTED_TYPES[detected.mime] ? detected.mime : null;
  // No signature: accept only text that is valid UTF-8 without control bytes other than whitespace.
  const text = new TextDecoder('utf-8', { fatal: false }).decode(content);
  const control = [...text].some((c) => c.charCodeAt(0) < 0x20 && c !== '\t' && c !== '\n' && c !== '\r');
  if (text.includes('\uFFFD') || control) return null;
  return 'text/plain';
}

const MAX_NAME_LENGTH = 200;

/**
 * The name a file is stored and offered under: no path or control characters, no trailing dots
 * or spaces (Windows drops them), and an extension of its detected type — one the type allows is
 * kept, any other is neutralised by adding the type's own (`page.html` holding text is
 * `page.html.txt`). Applying it twice changes nothing, so names stored before it are shown the same way.
 */
export function attachmentFileName(name: string, mediaType: string): string {
  const extensions = ACCEPTED_TYPES[mediaType]?.extensions ?? ['bin'];
  const base =
    name
      .normalize('NFC')
      .replace(/[/\\:*?"<>|]/g, '_')
      .replace(/\p{Cc}/gu, '_')
      // Direction overrides would show `report\u202Etxt.exe` as `reportexe.txt`.
      .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '_')
      .replace(/[. ]+$/, '') || 'attachment';
  const dot = base.lastIndexOf('.');
  const kept = dot >= 0 && extensions.includes(base.slice(dot + 1).toLowerCase());
  const suffix = kept ? base.slice(dot) : `.${extensions[0]}`;
  // Cut by characters, never inside a surrogate pair.
  return [...(kept ? base.slice(0, dot) : base)].slice(0, MAX_NAME_LENGTH - suffix.length).join('') + suffix;
}

/** A row with its name as it is offered (a name stored before the rule above gets its extension now). */
const named = <T extends { file_name: string; media_type: string }>(row: T): T => ({
  ...row,
  file_name: attachmentFileName(row.file_name, row.media_type),
});

export async function addAttachment(
  ctx: Context,
  actor: UserActor,
  incidentId: string,
  input: { fileName: string; contentBase64: string },
) {
  const incident = await incidentRepository(ctx.database.db).findReadable(incidentId, actor.reader);
  if (!incident) throw AppError.notFound('incident');
  if (!can(actor, 'record.edit', incident)) {
    throw new AppError('FORBIDDEN', "Only the originating organisation's analysts may attach files to this incident.");
  }
  const content = Buffer.from(input.contentBase64, 'base64');
  if (content.length === 0) throw new AppError('VALIDATION_FAILED', 'The file is empty.', [{ path: 'contentBase64', message: 'Empty.' }]);
  if (content.length > MAX_ATTACHMENT_BYTES) {
    throw new AppError(
      'VALIDATION_FAILED',
      `The file is ${Math.ceil(content.length / 1_048_576)} MiB; the limit is ${MAX_ATTACHMENT_BYTES / 1_048_576} MiB.`,
      [{ path: 'contentBase64', message: 'Too large.' }],
    );
  }
  const mediaType = await detectType(content);
  if (!mediaType) {
    throw new AppError(
      'VALIDATION_FAILED',
      `This file's content is not an accepted type (${Object.values(ACCEPTED_TYPES)
        .map((t) => t.name)
        .join(', ')}).`,
      [{ path: 'contentBase64', message: 'Type not accepted.' }],
    );
  }
  if ((await attachmentRepository(ctx.database.db).countFor(incidentId)) >= MAX_ATTACHMENTS_PER_INCIDENT) {
    throw new AppError('CONFLICT', `An incident holds at most ${MAX_ATTACHMENTS_PER_INCIDENT} attachments.`);
  }
  const id = ctx.ids.uuid();
  const sha256 = crypto.createHash('sha256').update(content).digest('hex');
  await ctx.database.transaction(async (tx) => {
    await attachmentRepository(tx.db).insert({
      id,
      incident_id: incidentId,
      file_name: attachmentFileName(input.fileName, mediaType),
      media_type: mediaType,
      size: content.length,
      sha256,
      content,
      created_by: actor.user.id,
      created_at: ctx.clock.now(),
    });
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action: 'incident.attach',
        target: { kind: 'incident', id: incidentId },
        details: { attachment: id, mediaType, size: content.length, sha256 },
      },
    ]);
  });
  return (await attachmentRepository(ctx.database.db).listReadable(incidentId, actor.reader)).find((a) => a.id === id);
}

export async function listAttachments(ctx: Context, actor: UserActor, incidentId: string) {
  await getIncident(ctx, actor, incidentId);
  return (await attachmentRepository(ctx.database.db).listReadable(incidentId, actor.reader)).map(named);
}

/** One attachment with its content; unreadable and missing answer the same. */
export async function getAttachment(ctx: Context, actor: UserActor, id: string) {
  const repo = attachmentRepository(ctx.database.db);
  const row = await readRecordOrRefuse(ctx, actor, 'attachment', id, {
    findReadable: async () => {
      const row = await repo.findReadable(id, actor.reader);
      return row && { ...row, version: 1 };
    },
    exists: () => repo.exists(id),
  });
  return named(row);
}
