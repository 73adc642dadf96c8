/** Recalls: an originator withdraws a record everywhere it went, and sees each partner node's receipt. */
import { z } from 'zod';
import { idParamsSchema } from '../../../shared/contracts/common';
import { recallRequestSchema, recallSchema } from '../../../shared/contracts/federation';
import { AppError } from '../../domain/app-error';
import { listRecalls, recallStatus } from '../../domain/federation/recall-service';
import { RELEASABLE, RELEASABLE_KINDS } from '../../domain/records/registry';
import { recallOf } from '../../domain/release/recall-of';
import type { ReleasableKind } from '../../domain/records/registry';
import { defineRoute } from '../route';

/** `POST /api/<collection>/:id/recall` for each kind with the release workflow. */
function recallRoute(kind: ReleasableKind) {
  const { collection } = RELEASABLE[kind];
  const recall = recallOf(kind);
  return defineRoute({
    method: 'POST',
    url: `/api/${collection}/:id/recall`,
    summary: `Recall one of your organisation's ${collection} (releasing officers): it is purged on every partner node that received it, which confirms with a signed receipt`,
    tag: 'federation',
    auth: 'user',
    params: idParamsSchema,
    body: recallRequestSchema,
    response: recallSchema,
    handler: async ({ ctx, actor, params, body }) => recall(ctx, actor, params.id, body.reason),
  });
}

export const recallRoutes = [
  ...RELEASABLE_KINDS.map((kind) => recallRoute(kind)),
  defineRoute({
    method: 'GET',
    url: '/api/recalls',
    summary:
      "Recalls of your organisation's records you may read (?record=ID: of one record), newest first, with each partner node's status (pending, applied, overdue)",
    tag: 'federation',
    auth: 'user',
    query: z.strictObject({ record: z.uuid({ message: 'record is a record id (a UUID).' }).optional() }),
    response: z.object({ items: z.array(recallSchema) }),
    reads: {
      kind: 'none',
      why: 'only recalls of records the caller may read (a recalled record stays readable by its originating organisation only)',
    },
    handler: async ({ ctx, actor, query }) => ({ items: await listRecalls(ctx, actor, query.record) }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/recalls/:id',
    summary: "One of your organisation's recalls, of a record you may read, with each partner node's status",
    tag: 'federation',
    auth: 'user',
    params: idParamsSchema,
    response: recallSchema,
    reads: { kind: 'none', why: 'only recalls of records the caller may read; any other answers as missing' },
    handler: async ({ ctx, actor, params }) => {
      const recall = await recallStatus(ctx, actor, params.id);
      if (!recall) throw new AppError('NOT_FOUND', 'No recall with this id.');
      return recall;
    },
  }),
];
