import { z } from 'zod';
import { audiencePreviewSchema, directoryResponseSchema } from '../../../shared/contracts/directory';
import { labelInputSchema } from '../../../shared/labels/label';
import { previewAudience, redRecipientCandidates } from '../../domain/labels/audience-preview';
import { CLASSIFICATION_LEVELS } from '../../../shared/vocab/levels';
import { directorySnapshot } from '../../domain/directory/directory-service';
import { defineRoute } from '../route';

export const directoryRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/directory',
    summary: 'Nations, communities, organisations and caveats (for label pickers)',
    tag: 'directory',
    auth: 'user',
    response: directoryResponseSchema,
    reads: { kind: 'none', why: 'directory facts shared by every partner, no labelled records' },
    handler: async ({ ctx }) => ({ ...(await directorySnapshot(ctx.database.db)), classifications: [...CLASSIFICATION_LEVELS] }),
  }),

  defineRoute({
    method: 'POST',
    url: '/api/labels/preview',
    summary:
      "Who would be able to read a record with this label: canonical marking, the caller's nation's readers counted, the other nations it releases to named",
    tag: 'directory',
    auth: 'user',
    // Changes nothing: a retry is as good as the first call.
    idempotent: false,
    body: z.strictObject({ label: labelInputSchema }),
    response: audiencePreviewSchema,
    handler: async ({ ctx, actor, body }) => previewAudience(ctx, actor, body.label),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/labels/red-recipients',
    summary:
      'People who may be named as TLP:RED recipients of a record with this label, by name: in your nation those the rest of the label lets in; in the other nations it releases to, by at least 3 characters of a name',
    tag: 'directory',
    auth: 'user',
    idempotent: false,
    body: z.strictObject({ label: labelInputSchema, q: z.string().trim().max(100).default('') }),
    response: z.object({
      items: z.array(
        z.object({
          id: z.string(),
          username: z.string().optional(),
          displayName: z.string(),
          organisation: z.string(),
          nation: z.string(),
        }),
      ),
    }),
    handler: async ({ ctx, actor, body }) => ({ items: await redRecipientCandidates(ctx, actor, body.label, body.q) }),
  }),
];
