import { TEST_PASSWORD } from './factories';
import type { App } from '../../src/server/app';

export interface Session {
  cookie: string;
  csrf: string;
}

export async function signIn(app: App, username: string, password = TEST_PASSWORD, totp?: string): Promise<Session> {
  const response = await app.http.inject({
    method: 'POST',
    url: '/api/session',
    payload: { username, password, ...(totp ? { totp } : {}) },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'concord_session');
  if (!cookie) throw new Error('no session cookie');
  return { cookie: `concord_session=${cookie.value}`, csrf: (response.json() as { csrfToken: string }).csrfToken };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
export const withSession = (session: Session) => ({ cookie: session.cookie, 'x-csrf-token': session.csrf });
/**
 * `If-Match: *` for edits in tests that are not about concurrent edits: the edit applies to
 * whatever version is current (tests of optimistic concurrency send the version they read).
 */
export const anyVersion = (method: string): Record<string, string> => (method === 'PATCH' || method === 'PUT' ? { 'if-match': '*' } : {});
