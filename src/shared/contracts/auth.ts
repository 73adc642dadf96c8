import { z } from 'zod';
import { CLASSIFICATION_LEVELS } from '../vocab/levels';
import { ROLES, PERMISSIONS } from '../vocab/roles';

export const signInRequestSchema = z.strictObject({
  username: z.string().min(1, 'Enter your username.').max(64),
  password: z.string().min(1, 'Enter your password.').max(256),
  totp: z
    .string()
    .regex(/^\d{6}$/, 'The TOTP code is six digits.')
    .optional(),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

export const LANGUAGES = ['en', 'ru', 'ur', 'uz', 'kk', 'ky', 'tg'] as const;

export const meSchema = z.object({
  user: z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(z.enum(ROLES)),
    clearance: z.enum(CLASSIFICATION_LEVELS),
    caveats: z.array(z.string()),
    language: z.enum(LANGUAGES),
  }),
  org: z.object({ id: z.string(), name: z.string() }),
  nation: z.object({ code: z.string(), name: z.string() }),
  permissions: z.array(z.enum(PERMISSIONS)),
  node: z.object({ nation: z.string(), nodeId: z.string() }),
});
export type Me = z.infer<typeof meSchema>;

/**
 * When a session ends: `expiresAt` unless the person stays signed in (POST /api/session/refresh
 * moves it on by `idleMinutes`), never past `endsAt`, the absolute end fixed at sign-in. `now` is
 * the server's clock, so a browser whose clock is off still warns in time.
 */
export const sessionTimesSchema = z.object({
  expiresAt: z.string().describe('when the session ends unless extended'),
  endsAt: z.string().describe('the absolute end: no extension passes it; then only signing in again helps'),
  idleMinutes: z.number().int().nullable().describe('how far one extension reaches; null: no idle limit'),
  now: z.string().describe("the server's time of this answer"),
});
export type SessionTimes = z.infer<typeof sessionTimesSchema>;

export const sessionResponseSchema = meSchema.extend({ csrfToken: z.string(), session: sessionTimesSchema });
export type SessionResponse = z.infer<typeof sessionResponseSchema>;
