/**
 * The files Concord keeps (incident attachments, agenda item attachments): the type is decided from
 * the content (magic numbers), never from the name or the client's word; only documents, images
 * and plain text are accepted, up to a size limit, and the name's extension follows the type
 * (`page.html` holding text is `page.html.txt`), so the file is what its name says wherever it is
 * saved. A file received from a partner node passes the same checks as one uploaded here.
 */
import crypto from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../app-error';

export const MAX_ATTACHMENT_BYTES = 10 * 1_048_576;
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

/** A file as it is kept: its bytes, detected type, offered name and SHA-256. */
export interface CheckedFile {
  content: Buffer;
  mediaType: string;
  fileName: string;
  size: number;
  sha256: string;
}

/**
 * An uploaded file checked: not empty, within the size limit, of an accepted type (from its
 * content), named for that type. Each problem is a 4xx naming `path`.
 */
export async function checkedFile(input: { fileName: string; content: Buffer }, path = 'contentBase64'): Promise<CheckedFile> {
  const { content } = input;
  if (content.length === 0) throw new AppError('VALIDATION_FAILED', 'The file is empty.', [{ path, message: 'Empty.' }]);
  if (content.length > MAX_ATTACHMENT_BYTES) {
    throw new AppError(
      'VALIDATION_FAILED',
      `The file is ${Math.ceil(content.length / 1_048_576)} MiB; the limit is ${MAX_ATTACHMENT_BYTES / 1_048_576} MiB.`,
      [{ path, message: 'Too large.' }],
    );
  }
  const mediaType = await detectType(content);
  if (!mediaType) {
    throw new AppError(
      'VALIDATION_FAILED',
      `This file's content is not an accepted type (${Object.values(ACCEPTED_TYPES)
        .map((t) => t.name)
        .join(', ')}).`,
      [{ path, message: 'Type not accepted.' }],
    );
  }
  return {
    content,
    mediaType,
    fileName: attachmentFileName(input.fileName, mediaType),
    size: content.length,
    sha256: crypto.createHash('sha256').update(content).digest('hex'),
  };
}

/** A row with its name as it is offered (a name stored before the rule above gets its extension now). */
export const named = <T extends { file_name: string; media_type: string }>(row: T): T => ({
  ...row,
  file_name: attachmentFileName(row.file_name, row.media_type),
});
