import { directoryResponseSchema } from '../../../shared/contracts/directory';
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
];
