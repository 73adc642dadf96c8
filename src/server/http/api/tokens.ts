import { z } from 'zod';
import { idParamsSchema, okSchema } from '../../../shared/contracts/common';
import { tokenCreateRequestSchema, tokenCreatedSchema, tokenSummarySchema } from '../../../shared/contracts/directory';
import { createToken, listTokens, revokeToken } from '../../domain/auth/auth-service';
import { defineRoute } from '../route';

export const tokenRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/tokens',
    summary: "The caller's API tokens (never the secrets)",
    tag: 'tokens',
    auth: 'user',
    response: z.object({ items: z.array(tokenSummarySchema) }),
    reads: { kind: 'none', why: "the caller's own tokens" },
    handler: async ({ ctx, actor }) => ({ items: await listTokens(ctx, actor.user.id) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/tokens',
    summary: 'Create an API token for the caller with the scopes it may be used for; the secret is shown once. Signed-in sessions only',
    tag: 'tokens',
    // The answer holds the token's secret, which is kept nowhere: never stored as an answer.
    idempotent: false,
    auth: 'user',
    scope: 'session',
    body: tokenCreateRequestSchema,
    response: tokenCreatedSchema,
    status: 201,
    handler: async ({ ctx, actor, body }) => createToken(ctx, actor, actor.user.id, body),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/tokens/:id',
    summary: 'Revoke an API token (signed-in sessions only)',
    tag: 'tokens',
    auth: 'user',
    scope: 'session',
    params: idParamsSchema,
    response: okSchema,
    handler: async ({ ctx, actor, params }) => {
      await revokeToken(ctx, actor, params.id);
      return { ok: true as const };
    },
  }),
];
