/**
 * Optimistic concurrency for edits: a read of a versioned record answers its version as an ETag
 * (`"3"`), and an edit sends it back in `If-Match`; the domain refuses a stale one with 409.
 */
import { AppError } from '../domain/app-error';

export const versionTag = (version: number) => `"${version}"`;

/** The version an edit names in `If-Match` (`"3"`, `W/"3"` or `3`); `*` or none: undefined, or 428 when required. */
export function versionFromIfMatch(header: string | string[] | undefined, required: boolean): number | undefined {
  const value = (Array.isArray(header) ? header.join(',') : (header ?? '')).trim();
  if (value === '' || value === '*') {
    if (required && value === '')
      throw new AppError(
        'PRECONDITION_REQUIRED',
        'This edit needs the version it edits: send If-Match with the ETag a GET of the record gave (for example If-Match: "3").',
      );
    return undefined;
  }
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(value);
  if (!match?.[1])
    throw new AppError('VALIDATION_FAILED', 'If-Match takes one version, as the ETag of a GET gave it (for example "3").', [
      { path: 'If-Match', message: 'Not a version.' },
    ]);
  return Number(match[1]);
}
