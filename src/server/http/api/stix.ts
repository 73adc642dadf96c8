/** STIX 2.1 bundles in: export is a format of GET /api/incidents/export (`format=stix`). */
import { z } from 'zod';
import { importStixBundle, stixImportRequestSchema } from '../../domain/stix/stix-import';
import { defineRoute } from '../route';

export const stixRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/stix/import',
    summary:
      'Import a STIX 2.1 bundle: records Concord exported come back with their labels (your organisation\u2019s only); other producers\u2019 indicators and threat actors arrive as drafts of your organisation under the label sent, each under an id of its own; all or nothing',
    tag: 'stix',
    auth: 'user',
    body: stixImportRequestSchema,
    bodyLimit: 32 * 1_048_576,
    response: z.object({
      objects: z.number().int(),
      imported: z.object({ incidents: z.number().int(), actors: z.number().int(), indicators: z.number().int(), links: z.number().int() }),
      updated: z.object({ actors: z.number().int(), indicators: z.number().int() }),
      skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
      dryRun: z.boolean(),
    }),
    handler: async ({ ctx, actor, body }) => importStixBundle(ctx, actor, body),
  }),
];
