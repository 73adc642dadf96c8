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
    summary: 'Create an API token for the caller; the secret is shown once',
    tag: 'tokens',
    auth: 'user',
    body: tokenCreateRequestSchema,
    response: tokenCreatedSchema,
    status: 201,
    handler: async ({ ctx, actor, body }) => createToken(ctx, actor, actor.user.id, body.name, body.expiresInDays),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/tokens/:id',
    summary: 'Revoke an API token',
    tag: 'tokens',
    auth: 'user',
    params: idParamsSchema,
    response: okSchema,
    handler: async ({ ctx, actor, params }) => {
      await revokeToken(ctx, actor, params.id);
      return { ok: true as const };
    },
  }),
];
