import { okSchema } from '../../../shared/contracts/common';
import { meSchema, sessionResponseSchema, signInRequestSchema } from '../../../shared/contracts/auth';
import { AppError } from '../../domain/app-error';
import { SignInThrottle, extendSession, signIn, signOut } from '../../domain/auth/auth-service';
import { SESSION_COOKIE } from '../authenticate';
import { presentMe, presentSession } from '../presenters/me-presenter';
import { defineRoute } from '../route';

export function sessionRoutes(throttle = new SignInThrottle()) {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/session',
      summary: 'Sign in (password, plus TOTP code where required); sets the session cookie',
      tag: 'session',
      auth: 'public',
      body: signInRequestSchema,
      response: sessionResponseSchema,
      handler: async ({ ctx, body, request, reply }) => {
        const from = { address: request.ip, previousSessionId: request.cookies[SESSION_COOKIE] ?? null };
        const result = await signIn(ctx, body, from, throttle);
        reply.setCookie(SESSION_COOKIE, result.sessionId, {
          path: '/',
          httpOnly: true,
          sameSite: 'strict',
          secure: ctx.config.secureCookies,
          // The cookie lasts as long as the session could: the server decides when it has ended.
          expires: result.endsAt,
        });
        return presentSession(ctx, result.actor);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/session',
      summary: 'Who is signed in, with the CSRF token for writes and when the session ends',
      tag: 'session',
      auth: 'user',
      response: sessionResponseSchema,
      reads: { kind: 'none', why: "the caller's own account" },
      handler: async ({ ctx, actor }) => {
        const session = actor.session;
        if (!session) throw new AppError('FORBIDDEN', 'API tokens have no session; use GET /api/me.');
        return presentSession(ctx, { ...actor, session });
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/session/refresh',
      summary:
        'Stay signed in: moves the session’s end on by the idle limit, never past its absolute end (then `expiresAt` equals `endsAt` and only signing in again helps)',
      tag: 'session',
      auth: 'user',
      scope: 'session',
      // Extending again only moves the end on: nothing to keep an answer for.
      idempotent: false,
      response: sessionResponseSchema,
      handler: async ({ ctx, actor }) => presentSession(ctx, await extendSession(ctx, actor)),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/me',
      summary: 'The calling user, organisation, nation and permissions',
      tag: 'session',
      auth: 'user',
      response: meSchema,
      reads: { kind: 'none', why: "the caller's own account" },
      handler: async ({ ctx, actor }) => presentMe(ctx, actor),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/session',
      summary: 'Sign out: destroys the session',
      tag: 'session',
      auth: 'user',
      // Its answer is a cookie's end, and signing out again changes nothing.
      idempotent: false,
      response: okSchema,
      handler: async ({ ctx, actor, reply }) => {
        await signOut(ctx, actor);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    }),
  ];
}
