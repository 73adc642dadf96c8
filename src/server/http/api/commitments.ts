/** Commitments: what a meeting's statement or minutes commit nations to, the owner nations' progress reports, the trackers. */
import { idParamsSchema, pageOf } from '../../../shared/contracts/common';
import {
  commitmentCreateRequestSchema,
  commitmentListQuerySchema,
  commitmentReportRequestSchema,
  commitmentReportSchema,
  commitmentSchema,
  commitmentSummaryQuerySchema,
  commitmentSummarySchema,
  commitmentTrackerSchema,
  commitmentUpdateRequestSchema,
} from '../../../shared/contracts/commitments';
import {
  calendarDay,
  commitmentPermissions,
  commitmentTracker,
  createCommitment,
  getCommitment,
  getCommitmentReport,
  listCommitments,
  reportProgress,
  updateCommitment,
} from '../../domain/dialogue/commitment-service';
import { presentCommitment, presentCommitmentReport, presentCommitmentSummary } from '../presenters/commitment-presenter';
import { versionTag } from '../if-match';
import { defineRoute } from '../route';
import type { FastifyReply } from 'fastify';
import type { Context } from '../../context';
import type { UserActor } from '../../domain/auth/actor';

const tag = 'dialogue';

async function commitmentFor(ctx: Context, actor: UserActor, id: string, reply?: FastifyReply) {
  const { commitment, meeting, reports, sources, evidence } = await getCommitment(ctx, actor, id);
  reply?.header('etag', versionTag(commitment.version));
  return presentCommitment(
    commitment,
    reports,
    { sources, evidence },
    commitmentPermissions(actor, commitment, meeting),
    calendarDay(ctx.clock.now()),
  );
}

export const commitmentRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/commitments',
    summary:
      'Commitments the caller may read, soonest due first; filters: `meetingId`, `nation` (an owner), `status`, `overdue` (cursor pagination)',
    tag,
    auth: 'user',
    query: commitmentListQuerySchema,
    response: pageOf(commitmentSummarySchema),
    reads: { kind: 'list', recordKind: 'commitment' },
    handler: async ({ ctx, actor, query }) => {
      const page = await listCommitments(ctx, actor, query);
      return { items: page.items.map((row) => presentCommitmentSummary(row, page.today, page.sources)), next: page.next };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/commitments/tracker',
    summary:
      'The tracker: the commitments the caller may read (of one meeting with `meetingId`) counted per owner nation and status, with how many are overdue',
    tag,
    auth: 'user',
    query: commitmentSummaryQuerySchema,
    response: commitmentTrackerSchema,
    reads: { kind: 'aggregate', recordKind: 'commitment' },
    handler: async ({ ctx, actor, query }) => commitmentTracker(ctx, actor, query.meetingId),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/meetings/:id/commitments',
    summary:
      'Record a commitment of a meeting (the host’s organisers): text, owner nations (the meeting’s), due date, where it was made (a statement clause or an agenda item’s minutes); under the meeting’s label unless one is given',
    tag,
    auth: 'user',
    params: idParamsSchema,
    body: commitmentCreateRequestSchema,
    response: commitmentSchema,
    status: 201,
    handler: async ({ ctx, actor, params, body, reply }) =>
      commitmentFor(ctx, actor, await createCommitment(ctx, actor, params.id, body), reply),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/commitments/:id',
    summary:
      'One commitment with the progress reports and the evidence the caller may read; its status is the latest readable report’s (404 when missing or not releasable, the meeting’s label included)',
    tag,
    auth: 'user',
    params: idParamsSchema,
    response: commitmentSchema,
    reads: { kind: 'record', recordKind: 'commitment' },
    handler: async ({ ctx, actor, params, reply }) => commitmentFor(ctx, actor, params.id, reply),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/commitments/:id',
    summary:
      'Change a commitment’s text, owners, due date or label (the host’s organisers; If-Match: the version it was read at — a new due date arms its reminders again)',
    tag,
    auth: 'user',
    params: idParamsSchema,
    body: commitmentUpdateRequestSchema,
    response: commitmentSchema,
    versioned: 'optional',
    handler: async ({ ctx, actor, params, body, ifMatch, reply }) => {
      await updateCommitment(ctx, actor, params.id, body, ifMatch);
      return commitmentFor(ctx, actor, params.id, reply);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/commitments/:id/reports',
    summary:
      'Report progress on a commitment for your nation (an owner’s delegates): status, what was done, evidence (records you may read); answered with the commitment',
    tag,
    auth: 'user',
    params: idParamsSchema,
    body: commitmentReportRequestSchema,
    response: commitmentSchema,
    status: 201,
    handler: async ({ ctx, actor, params, body, reply }) => {
      await reportProgress(ctx, actor, params.id, body);
      return commitmentFor(ctx, actor, params.id, reply);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/commitment-reports/:id',
    summary: 'One progress report (404 when missing or not releasable, its commitment’s and meeting’s labels included)',
    tag,
    auth: 'user',
    params: idParamsSchema,
    response: commitmentReportSchema,
    reads: { kind: 'record', recordKind: 'commitment-report' },
    handler: async ({ ctx, actor, params }) => {
      const { report, evidence } = await getCommitmentReport(ctx, actor, params.id);
      return presentCommitmentReport(report, evidence);
    },
  }),
];
