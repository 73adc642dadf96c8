/** The one way the web app talks to the API: JSON in and out, CSRF header on writes, typed errors. */
import type { ErrorBody } from '../../shared/contracts/errors';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

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
  if (!response.ok) {
    const error = (data as ErrorBody | undefined)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'UNKNOWN',
      error?.message ?? `Request failed (${response.status}).`,
      error?.issues ?? [],
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
  if (!response.ok || !response.headers.get('content-type')?.includes('ndjson') || !response.body) {
    const data = (await response.json().catch(() => undefined)) as (ErrorBody & T) | undefined;
    if (response.ok) return data as T;
    const error = data?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'UNKNOWN',
      error?.message ?? `Request failed (${response.status}).`,
      error?.issues ?? [],
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
