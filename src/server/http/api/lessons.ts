/** Lessons learned: observations of exercises, their stages, and the after-exercise report. */
import { z } from 'zod';
import { idParamsSchema, pageOf } from '../../../shared/contracts/common';
import {
  exerciseReportQuerySchema,
  observationCreateRequestSchema,
  observationListQuerySchema,
  observationSchema,
  observationStageRequestSchema,
  observationUpdateRequestSchema,
} from '../../../shared/contracts/lessons';
import { reportToMarkdown, reportToPdf } from '../../domain/crisis/after-action-report';
import { buildExerciseReport } from '../../domain/training/exercise-report';
import {
  createObservation,
  getObservation,
  listObservations,
  moveObservation,
  observationPermissions,
  updateObservation,
} from '../../domain/training/observation-service';
import { presentObservation } from '../presenters/observation-presenter';
import { versionTag } from '../if-match';
import { defineRoute } from '../route';
import type { FastifyReply } from 'fastify';
import type { Context } from '../../context';
import type { UserActor } from '../../domain/auth/actor';

const tag = 'training';

async function observationFor(ctx: Context, actor: UserActor, id: string, reply?: FastifyReply) {
  const { observation, actions } = await getObservation(ctx, actor, id);
  reply?.header('etag', versionTag(observation.version));
  return presentObservation(observation, actions.get(id), observationPermissions(actor, observation));
}

export const lessonRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/observations',
    summary:
      'Observations and lessons of exercises the caller may read, oldest first; filters: `exercise`, `stage`, `nation` (the writer) (cursor pagination)',
    tag,
    auth: 'user',
    query: observationListQuerySchema,
    response: pageOf(observationSchema),
    reads: { kind: 'list', recordKind: 'observation' },
    handler: async ({ ctx, actor, query }) => {
      const page = await listObservations(ctx, actor, query);
      return {
        items: page.items.map((row) => presentObservation(row, page.actions.get(row.id), observationPermissions(actor, row))),
        next: page.next,
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/exercises/:id/observations',
    summary:
      'Record an observation of an exercise that has started (a nation taking part: its planners and controllers): what was observed, discussion, conclusion, recommendation, the objective; under the exercise’s audience unless a label is given, which must reach the lead nation',
    tag,
    auth: 'user',
    params: idParamsSchema,
    body: observationCreateRequestSchema,
    response: observationSchema,
    status: 201,
    handler: async ({ ctx, actor, params, body, reply }) =>
      observationFor(ctx, actor, await createObservation(ctx, actor, params.id, body), reply),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/observations/:id',
    summary:
      'One observation or lesson with how many of its actions the caller may read are open (404 when missing or not releasable, its exercise’s label included)',
    tag,
    auth: 'user',
    params: idParamsSchema,
    response: observationSchema,
    reads: { kind: 'record', recordKind: 'observation' },
    handler: async ({ ctx, actor, params, reply }) => observationFor(ctx, actor, params.id, reply),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/observations/:id',
    summary:
      'Change an observation (its nation’s planners and controllers, until it is a lesson learned; If-Match: the version it was read at)',
    tag,
    auth: 'user',
    params: idParamsSchema,
    body: observationUpdateRequestSchema,
    response: observationSchema,
    versioned: 'optional',
    handler: async ({ ctx, actor, params, body, ifMatch, reply }) => {
      await updateObservation(ctx, actor, params.id, body, ifMatch);
      return observationFor(ctx, actor, params.id, reply);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/observations/:id/stage',
    summary:
      'Move an observation on: to `lesson-identified` (with a conclusion and a recommendation), then to `lesson-learned` (its actions all done or dropped)',
    tag,
    auth: 'user',
    params: idParamsSchema,
    body: observationStageRequestSchema,
    response: observationSchema,
    versioned: 'optional',
    handler: async ({ ctx, actor, params, body, ifMatch, reply }) => {
      await moveObservation(ctx, actor, params.id, body.stage, ifMatch);
      return observationFor(ctx, actor, params.id, reply);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/exercises/:id/report',
    summary:
      'The after-exercise report as Markdown or PDF — summary, timeline, metrics, observations, lessons and actions — built from what the caller may read (a download)',
    tag,
    auth: 'user',
    params: idParamsSchema,
    query: exerciseReportQuerySchema,
    response: z.unknown(),
    reads: { kind: 'record', recordKind: 'exercise' },
    handler: async ({ ctx, actor, params, query, reply }) => {
      const report = await buildExerciseReport(ctx, actor, params.id);
      if (query.format === 'pdf') {
        reply.header('content-disposition', `attachment; filename="${report.filename}.pdf"`).type('application/pdf');
        return reportToPdf(report);
      }
      reply.header('content-disposition', `attachment; filename="${report.filename}.md"`).type('text/markdown; charset=utf-8');
      return reportToMarkdown(report);
    },
  }),
];
