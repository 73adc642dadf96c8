import { okSchema } from '../../../shared/contracts/common';
import { sessionResponseSchema, signInRequestSchema } from '../../../shared/contracts/auth';
import { AppError } from '../../domain/app-error';
import { SignInThrottle, signIn, signOut } from '../../domain/auth/auth-service';
import { SESSION_COOKIE } from '../authenticate';
import { presentMe } from '../presenters/me-presenter';
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
          expires: result.expiresAt,
        });
        return { ...presentMe(ctx, result.actor), csrfToken: result.csrfToken };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/session',
      summary: 'Who is signed in, with the CSRF token for writes',
      tag: 'session',
      auth: 'user',
      response: sessionResponseSchema,
      reads: { kind: 'none', why: "the caller's own account" },
      handler: async ({ ctx, actor }) => {
        if (!actor.session) throw new AppError('FORBIDDEN', 'API tokens have no session; use GET /api/me.');
        return { ...presentMe(ctx, actor), csrfToken: actor.session.csrfToken };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/me',
      summary: 'The calling user, organisation, nation and permissions',
      tag: 'session',
      auth: 'user',
      response: sessionResponseSchema.omit({ csrfToken: true }),
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
