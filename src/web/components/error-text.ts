/**
 * What an error box says: in the reader's language, what happened and what to do — never a bare
 * "Something went wrong:" in front of a wrong password. The server's own message (English, and
 * specific: which field, which version) follows where it adds something.
 */
import { ApiError } from '../api/client';
import type { TFunction } from 'i18next';

/** Where the error arose: a sign-in answers 401 for a wrong password, anywhere else for an ended session. */
export type ErrorContext = 'sign-in' | 'action';

export interface ErrorText {
  /** The sentence in the reader's language. */
  headline: string;
  /** The server's specific message, when it says more than the headline. */
  detail: string | null;
  issues: { path: string; message: string }[];
}

/** Codes whose meaning and remedy are the same wherever they occur: said in the reader's language. */
const TRANSLATED = new Set([
  'TOTP_REQUIRED',
  'FORBIDDEN',
  'CSRF_FAILED',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'TOO_MANY_REQUESTS',
  'SERVICE_UNAVAILABLE',
  'INTERNAL',
  'REQUEST_TIMEOUT',
]);
/** Codes whose server message adds what the headline cannot know (the version, the limit, the wait). */
const WITH_DETAIL = new Set(['FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'PAYLOAD_TOO_LARGE', 'TOO_MANY_REQUESTS', 'SERVICE_UNAVAILABLE']);

export function errorText(error: unknown, t: TFunction, context: ErrorContext = 'action'): ErrorText {
  if (!(error instanceof ApiError)) {
    // fetch rejects with a TypeError when the node cannot be reached at all.
    if (error instanceof TypeError) return { headline: t('errors.network'), detail: null, issues: [] };
    const message = error instanceof Error ? error.message : String(error);
    return { headline: t('errors.unexpected', { message }), detail: null, issues: [] };
  }
  if (error.code === 'UNAUTHENTICATED') {
    // A sign-in's 401 is a wrong password or code; the server says which, the reader's language says what to do.
    if (context === 'sign-in')
      return {
        headline: /authenticator code/.test(error.message) ? t('errors.signIn.wrongCode') : t('errors.signIn.wrongPassword'),
        detail: null,
        issues: [],
      };
    return { headline: t('errors.code.UNAUTHENTICATED'), detail: null, issues: [] };
  }
  if (context === 'sign-in' && error.code === 'TOO_MANY_REQUESTS')
    return { headline: t('errors.signIn.locked'), detail: error.message, issues: [] };
  if (TRANSLATED.has(error.code))
    return {
      headline: t(`errors.code.${error.code}`),
      detail: WITH_DETAIL.has(error.code) ? error.message : null,
      issues: [],
    };
  // Validation and the rest: the server's message says what to fix, and the issues where.
  return { headline: error.message, detail: null, issues: error.issues };
}
