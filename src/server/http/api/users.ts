import { z } from 'zod';
import { createUserRequestSchema, userSummarySchema } from '../../../shared/contracts/directory';
import { addUser, listUsers, setUserDisabled } from '../../domain/users/user-service';
import { defineRoute } from '../route';

const usernameParams = z.strictObject({ username: z.string().min(1).max(64) });

export const userRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/users',
    summary: "Accounts of the administrator's nation (node administrators)",
    tag: 'users',
    auth: 'user',
    response: z.object({ items: z.array(userSummarySchema) }),
    reads: { kind: 'none', why: "accounts, not labelled records; limited to the administrator's own nation" },
    handler: async ({ ctx, actor }) => ({ items: await listUsers(ctx, actor) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users',
    summary: 'Add an account (node administrators); returns the TOTP secret once where one is required',
    tag: 'users',
    auth: 'user',
    body: createUserRequestSchema,
    response: z.object({ user: userSummarySchema, totpSecret: z.string().nullable(), totpUri: z.string().nullable() }),
    status: 201,
    handler: async ({ ctx, actor, body }) => addUser(ctx, actor, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users/:username/disable',
    summary: 'Disable an account; its sessions end and its tokens stop working at once',
    tag: 'users',
    auth: 'user',
    params: usernameParams,
    response: userSummarySchema,
    handler: async ({ ctx, actor, params }) => setUserDisabled(ctx, actor, params.username, true),
  }),
];
