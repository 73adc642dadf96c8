/** Joint training: exercises (plan, status, clashes, an .ics per exercise) and busy blocks (entered, imported from .ics, published, withdrawn). */
import { z } from 'zod';
import { idParamsSchema, pageOf } from '../../../shared/contracts/common';
import {
  busyBlockCreateRequestSchema,
  busyBlockImportRequestSchema,
  busyBlockImportResultSchema,
  busyBlockListQuerySchema,
  busyBlockSchema,
  clashCheckRequestSchema,
  clashesSchema,
  exerciseCreateRequestSchema,
  exerciseListQuerySchema,
  exerciseSchema,
  exerciseStatusRequestSchema,
  exerciseSummarySchema,
  exerciseUpdateRequestSchema,
} from '../../../shared/contracts/training';
import {
  checkPlan,
  clashesOfExercise,
  createExercise,
  exercisePermissions,
  exerciseToRead,
  listExercises,
  moveExercise,
  updateExercise,
} from '../../domain/training/exercise-service';
import {
  busyBlockToRead,
  createBusyBlock,
  importBusyBlocks,
  listBusyBlocks,
  mayEditBlock,
  setBlockStatus,
} from '../../domain/training/busy-block-service';
import { exerciseCalendar } from '../../domain/training/exercise-calendar';
import { ICALENDAR_TYPE, toICalendar } from '../../domain/calendar/ical';
import { versionTag } from '../if-match';
import { presentBusyBlock, presentClash, presentExercise, presentExerciseSummary } from '../presenters/training-presenter';
import { defineRoute } from '../route';
import type { FastifyReply } from 'fastify';
import type { Context } from '../../context';
import type { UserActor } from '../../domain/auth/actor';

async function exerciseFor(ctx: Context, actor: UserActor, id: string, reply?: FastifyReply) {
  const { exercise, readable } = await exerciseToRead(ctx, actor, id);
  reply?.header('etag', versionTag(exercise.version));
  return presentExercise(exercise, readable, exercisePermissions(actor, exercise));
}

async function blockFor(ctx: Context, actor: UserActor, id: string) {
  const block = await busyBlockToRead(ctx, actor, id);
  return presentBusyBlock(block, mayEditBlock(actor, block));
}

const tag = 'training';

export const trainingRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/exercises',
    summary: 'Exercises the caller may read, by STARTEX (cursor pagination; `from`, `status` and `nation` filter)',
    tag,
    auth: 'user',
    query: exerciseListQuerySchema,
    response: pageOf(exerciseSummarySchema),
    reads: { kind: 'list', recordKind: 'exercise' },
    handler: async ({ ctx, actor, query }) => {
      const page = await listExercises(ctx, actor, query);
      return { items: page.items.map(presentExerciseSummary), next: page.next };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/exercises',
    summary: 'Plan an exercise led by the caller’s nation (exercise planners); its label must release it to every nation taking part',
    tag,
    auth: 'user',
    body: exerciseCreateRequestSchema,
    response: exerciseSchema,
    status: 201,
    handler: async ({ ctx, actor, body, reply }) => exerciseFor(ctx, actor, await createExercise(ctx, actor, body), reply),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/exercises/clash-check',
    summary:
      'What a plan (saved or not) clashes with: exercises and busy blocks the caller may read, and public holidays of the nations taking part',
    tag,
    auth: 'user',
    body: clashCheckRequestSchema,
    response: clashesSchema,
    idempotent: false,
    scope: 'read',
    handler: async ({ ctx, actor, body }) => ({ clashes: (await checkPlan(ctx, actor, body)).map(presentClash) }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/exercises/:id',
    summary: 'One exercise with its units, objectives and milestones (404 when missing or not releasable — the same answer)',
    tag,
    auth: 'user',
    params: idParamsSchema,
    response: exerciseSchema,
    reads: { kind: 'record', recordKind: 'exercise' },
    handler: async ({ ctx, actor, params, reply }) => exerciseFor(ctx, actor, params.id, reply),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/exercises/:id',
    summary: 'Change an exercise’s plan (the lead’s planners, until it executes; If-Match may name the version changed)',
    tag,
    auth: 'user',
    params: idParamsSchema,
    body: exerciseUpdateRequestSchema,
    response: exerciseSchema,
    versioned: 'optional',
    handler: async ({ ctx, actor, params, body, ifMatch, reply }) => {
      await updateExercise(ctx, actor, params.id, body, ifMatch);
      return exerciseFor(ctx, actor, params.id, reply);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/exercises/:id/status',
    summary: 'Move an exercise through concept, planning and approval, or cancel it (the lead’s planners)',
    tag,
    auth: 'user',
    params: idParamsSchema,
    body: exerciseStatusRequestSchema,
    response: exerciseSchema,
    versioned: 'optional',
    handler: async ({ ctx, actor, params, body, ifMatch, reply }) => {
      await moveExercise(ctx, actor, params.id, body.status, ifMatch);
      return exerciseFor(ctx, actor, params.id, reply);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/exercises/:id/clashes',
    summary:
      'What a saved exercise clashes with, among the exercises and busy blocks the caller may read and the public holidays of the nations taking part',
    tag,
    auth: 'user',
    params: idParamsSchema,
    response: clashesSchema,
    reads: { kind: 'record', recordKind: 'exercise' },
    handler: async ({ ctx, actor, params }) => ({ clashes: (await clashesOfExercise(ctx, actor, params.id)).map(presentClash) }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/exercises/:id/calendar',
    summary: 'An exercise and its milestones as an iCalendar file, each event marked with the exercise’s label',
    tag,
    auth: 'user',
    params: idParamsSchema,
    response: z.unknown(),
    reads: { kind: 'record', recordKind: 'exercise' },
    handler: async ({ ctx, actor, params, reply }) => {
      const { title, events } = await exerciseCalendar(ctx, actor, params.id);
      reply.header('content-disposition', `attachment; filename="exercise-${params.id}.ics"`).type(ICALENDAR_TYPE);
      return toICalendar(events, { nodeId: ctx.node.nodeId, publicUrl: ctx.config.publicUrl }, `Concord — ${title}`, ctx.clock.now());
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/busy-blocks',
    summary: 'Busy blocks the caller may read, by start (withdrawn ones left out; `status`: drafts or published only)',
    tag,
    auth: 'user',
    query: busyBlockListQuerySchema,
    response: pageOf(busyBlockSchema),
    reads: { kind: 'list', recordKind: 'busy-block' },
    handler: async ({ ctx, actor, query }) => {
      const page = await listBusyBlocks(ctx, actor, query);
      return { items: page.items.map((row) => presentBusyBlock(row, mayEditBlock(actor, row))), next: page.next };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/busy-blocks',
    summary: 'Publish a busy block for one of the nation’s units or the whole nation, under a label of the planner’s choosing',
    tag,
    auth: 'user',
    body: busyBlockCreateRequestSchema,
    response: busyBlockSchema,
    status: 201,
    handler: async ({ ctx, actor, body }) => blockFor(ctx, actor, await createBusyBlock(ctx, actor, body)),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/busy-blocks/import',
    summary: 'Import an iCalendar file’s events as draft busy blocks (at most 2 MiB, 2,000 events); each is published by a planner',
    tag,
    auth: 'user',
    body: busyBlockImportRequestSchema,
    response: busyBlockImportResultSchema,
    status: 201,
    bodyLimit: 3 * 1_048_576,
    handler: async ({ ctx, actor, body }) => importBusyBlocks(ctx, actor, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/busy-blocks/:id',
    summary: 'One busy block (404 when missing or not releasable — the same answer)',
    tag,
    auth: 'user',
    params: idParamsSchema,
    response: busyBlockSchema,
    reads: { kind: 'record', recordKind: 'busy-block' },
    handler: async ({ ctx, actor, params }) => blockFor(ctx, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/busy-blocks/:id/publish',
    summary: 'Publish a draft busy block (its nation’s planners): it then counts in clashes and reaches partners',
    tag,
    auth: 'user',
    params: idParamsSchema,
    response: busyBlockSchema,
    handler: async ({ ctx, actor, params }) => {
      await setBlockStatus(ctx, actor, params.id, 'published');
      return blockFor(ctx, actor, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/busy-blocks/:id/withdraw',
    summary: 'Withdraw a busy block no longer true (its nation’s planners); partners’ copies follow',
    tag,
    auth: 'user',
    params: idParamsSchema,
    response: busyBlockSchema,
    handler: async ({ ctx, actor, params }) => {
      await setBlockStatus(ctx, actor, params.id, 'withdrawn');
      return blockFor(ctx, actor, params.id);
    },
  }),
];
