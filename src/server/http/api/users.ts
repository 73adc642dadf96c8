import { z } from 'zod';
import { idParamsSchema, okSchema } from '../../../shared/contracts/common';
import {
  clearanceGrantSchema,
  createUserRequestSchema,
  updateUserRequestSchema,
  userChangeResponseSchema,
  userSummarySchema,
} from '../../../shared/contracts/directory';
import {
  addUser,
  approveClearanceGrant,
  listClearanceGrants,
  listUsers,
  refuseClearanceGrant,
  resetUserTotp,
  setUserDisabled,
  updateUser,
} from '../../domain/users/user-service';
import { defineRoute } from '../route';

const usernameParams = z.strictObject({ username: z.string().min(1).max(64) });

export const userRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/users',
    summary: "Accounts of the administrator's nation (node administrators)",
    tag: 'users',
    auth: 'user',
    scope: 'admin',
    response: z.object({ items: z.array(userSummarySchema) }),
    reads: { kind: 'none', why: "accounts, not labelled records; limited to the administrator's own nation" },
    handler: async ({ ctx, actor }) => ({ items: await listUsers(ctx, actor) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users',
    summary:
      'Add an account (node administrators, granting only the clearance and caveats they hold; SECRET waits for a second administrator); returns the TOTP secret once where one is required',
    tag: 'users',
    // The answer holds the TOTP secret, shown once: never stored as an answer.
    idempotent: false,
    auth: 'user',
    scope: 'admin',
    body: createUserRequestSchema,
    response: userChangeResponseSchema.extend({ totpSecret: z.string().nullable(), totpUri: z.string().nullable() }),
    status: 201,
    handler: async ({ ctx, actor, body }) => addUser(ctx, actor, body),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/users/:username',
    summary:
      "Change an account's clearance or caveats (node administrators, granting only what they hold; SECRET waits for a second administrator)",
    tag: 'users',
    auth: 'user',
    scope: 'admin',
    params: usernameParams,
    body: updateUserRequestSchema,
    response: userChangeResponseSchema,
    handler: async ({ ctx, actor, params, body }) => updateUser(ctx, actor, params.username, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users/:username/disable',
    summary: 'Disable an account; its sessions end and its tokens stop working at once',
    tag: 'users',
    auth: 'user',
    scope: 'admin',
    params: usernameParams,
    response: userSummarySchema,
    handler: async ({ ctx, actor, params }) => setUserDisabled(ctx, actor, params.username, true),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users/:username/enable',
    summary: 'Enable a disabled account again; it signs in with its password (and second factor) as before',
    tag: 'users',
    auth: 'user',
    scope: 'admin',
    params: usernameParams,
    response: userSummarySchema,
    handler: async ({ ctx, actor, params }) => setUserDisabled(ctx, actor, params.username, false),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users/:username/totp-reset',
    summary:
      'Give an account a new TOTP second factor (the old one stops working and its sessions end); the secret and its otpauth URI are shown once',
    tag: 'users',
    // The answer holds the new TOTP secret, shown once: never stored as an answer.
    idempotent: false,
    auth: 'user',
    scope: 'admin',
    params: usernameParams,
    response: z.object({ secret: z.string(), uri: z.string() }),
    handler: async ({ ctx, actor, params }) => resetUserTotp(ctx, actor, params.username),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/clearance-grants',
    summary: "SECRET clearances waiting for a second node administrator (the administrator's nation)",
    tag: 'users',
    auth: 'user',
    scope: 'admin',
    response: z.object({ items: z.array(clearanceGrantSchema) }),
    reads: { kind: 'none', why: "accounts, not labelled records; limited to the administrator's own nation" },
    handler: async ({ ctx, actor }) => ({ items: await listClearanceGrants(ctx, actor) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/clearance-grants/:id/approve',
    summary: 'Approve a waiting clearance (a node administrator other than the one who asked, holding it)',
    tag: 'users',
    auth: 'user',
    scope: 'admin',
    params: idParamsSchema,
    response: userSummarySchema,
    handler: async ({ ctx, actor, params }) => approveClearanceGrant(ctx, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/clearance-grants/:id/refuse',
    summary: 'Refuse (or, for the one who asked, withdraw) a waiting clearance',
    tag: 'users',
    auth: 'user',
    scope: 'admin',
    params: idParamsSchema,
    response: okSchema,
    handler: async ({ ctx, actor, params }) => {
      await refuseClearanceGrant(ctx, actor, params.id);
      return { ok: true as const };
    },
  }),
];
