/** API calls a browser test makes itself, as a signed-in person (session cookie and CSRF token), as a second browser would. */
import { expect } from 'vitest';
import { DEMO_PASSWORD } from '../../src/server/domain/demo/demo-data';

/** Signs `username` (a demo account) in on the node at `url`; its calls answer with status and JSON body. */
export async function apiAs(url: string, username: string) {
  const signedIn = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(signedIn.status).toBe(200);
  const cookie = /concord_session=[^;]+/.exec(signedIn.headers.get('set-cookie') ?? '')?.[0] ?? '';
  const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
}
