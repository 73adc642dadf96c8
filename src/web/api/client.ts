/** The one way the web app talks to the API: JSON in and out, CSRF header on writes, typed errors. */
import type { ErrorBody } from '../../shared/contracts/errors';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
    /** Refused because the session has ended (a 401 to anything but a sign-in). */
    readonly sessionEnded = false,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

let unauthenticated: () => void = () => undefined;
/** Told of every 401 but a sign-in's own: the session may have ended (api/session.ts decides). */
export function whenUnauthenticated(listener: () => void): void {
  unauthenticated = listener;
}
/** Whether the answer says the session has ended (reported to the listener). */
function check401(status: number, method: string, url: string): boolean {
  const ended = status === 401 && !(method === 'POST' && url === '/api/session');
  if (ended) unauthenticated();
  return ended;
}

/**
 * While the session has ended, reads wait for the person to sign in again instead of failing: a
 * screen keeps what it shows (and a form what was typed) rather than turning into an error, and
 * fetches anew afterwards. Writes still fail, so nothing is sent on the person's behalf unasked.
 */
let readsHeld: { until: Promise<void>; release: () => void } | null = null;
export function holdReads(): void {
  if (readsHeld) return;
  let release!: () => void;
  const until = new Promise<void>((resolve) => {
    release = resolve;
  });
  readsHeld = { until, release };
}
export function releaseReads(): void {
  readsHeld?.release();
  readsHeld = null;
}
/** GET /api/session is how the page learns whether it is signed in: never held. */
const heldRead = (method: string, url: string) => method === 'GET' && url !== '/api/session';

/**
 * `version`: for an edit, the version of the record it edits (sent as If-Match; the server answers
 * 409 when someone changed the record since).
 */
export async function api<T>(
  method: 'GET' | 'POST' | 'DELETE' | 'PATCH' | 'PUT',
  url: string,
  body?: unknown,
  version?: number,
): Promise<T> {
  if (readsHeld && heldRead(method, url)) await readsHeld.until;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (version !== undefined) headers['if-match'] = `"${version}"`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  const sessionEnded = check401(response.status, method, url);
  if (sessionEnded && readsHeld && heldRead(method, url)) {
    await readsHeld.until;
    return api<T>(method, url, body, version);
  }
  if (!response.ok) {
    const error = (data as ErrorBody | undefined)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'UNKNOWN',
      error?.message ?? `Request failed (${response.status}).`,
      error?.issues ?? [],
      sessionEnded,
    );
  }
  return data as T;
}

/**
 * A JSON POST whose answer streams progress (`application/x-ndjson`): calls `onProgress` for each
 * step and resolves with the final result. Errors before any progress come back as usual.
 */
export async function apiWithProgress<T>(
  url: string,
  body: unknown,
  onProgress: (step: { stage: string; done: number; total: number }) => void,
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { accept: 'application/x-ndjson', 'content-type': 'application/json', ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
    credentials: 'same-origin',
    body: JSON.stringify(body),
  });
  const sessionEnded = check401(response.status, 'POST', url);
  if (!response.ok || !response.headers.get('content-type')?.includes('ndjson') || !response.body) {
    const data = (await response.json().catch(() => undefined)) as (ErrorBody & T) | undefined;
    if (response.ok) return data as T;
    const error = data?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'UNKNOWN',
      error?.message ?? `Request failed (${response.status}).`,
      error?.issues ?? [],
      sessionEnded,
    );
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    buffered += value ?? '';
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      const message = JSON.parse(line) as { stage?: string; done?: number; total?: number; result?: T } & Partial<ErrorBody>;
      if (message.error) throw new ApiError(500, message.error.code, message.error.message, message.error.issues ?? []);
      if (message.result !== undefined) return message.result;
      if (message.stage) onProgress({ stage: message.stage, done: message.done ?? 0, total: message.total ?? 0 });
    }
    if (done) throw new ApiError(502, 'UNKNOWN', 'The answer ended before the result; check the list before importing again.');
  }
}
