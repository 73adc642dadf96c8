/**
 * How an attachment is previewed, from the type the server detected from its content: images
 * inline, a PDF's first page drawn from its bytes (never the browser's own viewer), the start of
 * plain text shown as text. Anything else — and any type not named here — is offered as a download
 * only, so uploaded markup is never rendered.
 */
export type PreviewKind = 'image' | 'pdf' | 'text' | 'none';

/** Image types a browser draws as pictures and nothing else (no SVG: it can carry script). */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export function previewKind(mediaType: string): PreviewKind {
  if (IMAGE_TYPES.has(mediaType)) return 'image';
  if (mediaType === 'application/pdf') return 'pdf';
  if (mediaType === 'text/plain') return 'text';
  return 'none';
}

/** How much of a text file the preview shows. */
export const TEXT_PREVIEW_CHARACTERS = 2_000;
