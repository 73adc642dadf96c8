import { z } from 'zod';
import { CLASSIFICATION_LEVELS } from '../vocab/levels';
import { ROLES } from '../vocab/roles';
import { TOKEN_SCOPES } from '../vocab/token-scopes';
import { LANGUAGES } from './auth';

export const nationSchema = z.object({ code: z.string(), name: z.string() });
export const communitySchema = z.object({ code: z.string(), name: z.string(), members: z.array(z.string()) });
export const organisationSchema = z.object({
  id: z.string(),
  name: z.string(),
  nation: z.string(),
  clientOf: z.string().nullable(),
});
export const caveatSchema = z.object({ code: z.string(), name: z.string() });

/** What the label picker needs; only public directory facts, no people. */
export const directoryResponseSchema = z.object({
  nations: z.array(nationSchema),
  communities: z.array(communitySchema),
  organisations: z.array(organisationSchema),
  caveats: z.array(caveatSchema),
  classifications: z.array(z.enum(CLASSIFICATION_LEVELS)),
});
export type DirectoryResponse = z.infer<typeof directoryResponseSchema>;

export const userSummarySchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  org: z.string(),
  nation: z.string(),
  roles: z.array(z.enum(ROLES)),
  clearance: z.enum(CLASSIFICATION_LEVELS),
  caveats: z.array(z.string()),
  disabled: z.boolean(),
});
export type UserSummary = z.infer<typeof userSummarySchema>;

export const createUserRequestSchema = z.strictObject({
  username: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'Usernames are 2–64 lowercase letters, digits, dots, dashes or underscores.'),
  displayName: z.string().min(1).max(120),
  org: z.string().min(1),
  roles: z.array(z.enum(ROLES)).min(1, 'Give the user at least one role.'),
  clearance: z.enum(CLASSIFICATION_LEVELS),
  caveats: z.array(z.string()).default([]),
  language: z.enum(LANGUAGES).default('en'),
  /** Where hotline notifications are e-mailed (optional). */
  email: z.email('Give a valid e-mail address.').max(254).optional(),
  password: z.string().min(12, 'Passwords are at least 12 characters.').max(256),
});
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

/** A change of an account's clearance or caveats (node administrators; within what they hold themselves). */
export const updateUserRequestSchema = z
  .strictObject({
    clearance: z.enum(CLASSIFICATION_LEVELS).optional(),
    caveats: z.array(z.string()).optional(),
  })
  .refine((body) => body.clearance !== undefined || body.caveats !== undefined, 'Give a clearance, caveats or both.');
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;

/** A SECRET clearance waiting for a second node administrator. */
export const clearanceGrantSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  /** The clearance the account holds until the grant is approved. */
  currentClearance: z.enum(CLASSIFICATION_LEVELS),
  clearance: z.enum(CLASSIFICATION_LEVELS),
  requestedBy: z.string(),
  requestedAt: z.string(),
});
export type ClearanceGrant = z.infer<typeof clearanceGrantSchema>;

export const userChangeResponseSchema = z.object({ user: userSummarySchema, pendingGrant: clearanceGrantSchema.nullable() });

const scopesSchema = z.array(z.enum(TOKEN_SCOPES)).min(1, `Give the token at least one scope (${TOKEN_SCOPES.join(', ')}).`);

export const tokenCreateRequestSchema = z.strictObject({
  name: z.string().min(1).max(80),
  expiresInDays: z.number().int().min(1).max(365).default(90),
  scopes: scopesSchema,
});
export const tokenCreatedSchema = z.object({
  id: z.string(),
  name: z.string(),
  token: z.string(),
  expiresAt: z.string(),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
});
export const tokenSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revoked: z.boolean(),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
});
export type TokenSummary = z.infer<typeof tokenSummarySchema>;
export type TokenCreated = z.infer<typeof tokenCreatedSchema>;

/**
 * Who would read a label: `users` counts the writer's own nation's readers; other nations the label
 * releases to are named without a count (their own clearances decide who of them reads it).
 */
export const audiencePreviewSchema = z.object({
  marking: z.string(),
  users: z.number().int(),
  nations: z.array(z.object({ code: z.string(), users: z.number().int().optional() })),
  organisations: z.array(z.object({ id: z.string(), name: z.string(), nation: z.string() })),
});
export type AudiencePreview = z.infer<typeof audiencePreviewSchema>;
