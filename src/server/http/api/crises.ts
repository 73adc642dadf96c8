/** Crisis rooms: crises, their ordered logs, the status board, closure and the after-action report. */
import { z } from 'zod';
import { idParamsSchema, pageOf } from '../../../shared/contracts/common';
import {
  crisisCloseRequestSchema,
  crisisDeclareRequestSchema,
  crisisEntryActionRequestSchema,
  crisisEntryCreateRequestSchema,
  crisisEntryListQuerySchema,
  crisisEntrySchema,
  crisisListQuerySchema,
  crisisReportQuerySchema,
  crisisResponseSummarySchema,
  crisisSchema,
  crisisSummarySchema,
} from '../../../shared/contracts/crises';
import { buildAfterActionReport, reportToMarkdown, reportToPdf } from '../../domain/crisis/after-action-report';
import { crisisBoard } from '../../domain/crisis/crisis-board';
import {
  addEntry,
  closeCrisis,
  crisisPermissions,
  crisisResponseSummary,
  declareCrisis,
  entriesOf,
  entryContext,
  getCrisis,
  getEntry,
  listCrises,
  listEntries,
  moveEntry,
  participantsOf,
  participantsOfMany,
} from '../../domain/crisis/crisis-service';
import { presentCrisis, presentCrisisSummary, presentEntry } from '../presenters/crisis-presenter';
import { defineRoute } from '../route';
import type { Context } from '../../context';
import type { UserActor } from '../../domain/auth/actor';
import type { CrisisEntryRow } from '../../db/repositories/crisis-repository';

async function crisisFor(ctx: Context, actor: UserActor, id: string) {
  const crisis = await getCrisis(ctx, actor, id);
  const participants = await participantsOf(ctx, actor, crisis);
  const entries = await entriesOf(ctx, actor, crisis);
  const board = crisisBoard(participants, entries, ctx.clock.now());
  return presentCrisis(crisis, participants, board, await crisisPermissions(ctx, actor, crisis, participants));
}

async function presentEntries(ctx: Context, actor: UserActor, rows: CrisisEntryRow[]) {
  const context = await entryContext(ctx, actor, rows);
  return rows.map((row) => presentEntry(row, context));
}

const entryFor = async (ctx: Context, actor: UserActor, id: string) =>
  (await presentEntries(ctx, actor, [await getEntry(ctx, actor, id)]))[0]!;

export const crisisRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/crises',
    summary: 'Crises the caller may read, newest first (cursor pagination; `status` open or closed)',
    tag: 'crises',
    auth: 'user',
    query: crisisListQuerySchema,
    response: pageOf(crisisSummarySchema),
    reads: { kind: 'list', recordKind: 'crisis' },
    handler: async ({ ctx, actor, query }) => {
      const page = await listCrises(ctx, actor, query);
      const participants = await participantsOfMany(ctx, actor, page.items);
      return { items: page.items.map((row, i) => presentCrisisSummary(row, participants[i]!)), next: page.next };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/crises/summary',
    summary: 'Dashboard counts of readable crises and of alerts of the last 24 hours; exercises are never counted',
    tag: 'crises',
    auth: 'user',
    response: crisisResponseSummarySchema,
    reads: { kind: 'aggregate', recordKind: 'crisis' },
    handler: async ({ ctx, actor }) => crisisResponseSummary(ctx, actor),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/crises',
    summary: 'Declare a crisis; the nations its label releases to take part (duty and releasing officers)',
    tag: 'crises',
    auth: 'user',
    body: crisisDeclareRequestSchema,
    response: crisisSchema,
    status: 201,
    handler: async ({ ctx, actor, body }) => crisisFor(ctx, actor, await declareCrisis(ctx, actor, body)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/crises/:id',
    summary: 'One crisis with its status board as the caller may see it (404 when missing or not releasable — the same answer)',
    tag: 'crises',
    auth: 'user',
    params: idParamsSchema,
    response: crisisSchema,
    reads: { kind: 'record', recordKind: 'crisis' },
    handler: async ({ ctx, actor, params }) => crisisFor(ctx, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/crises/:id/close',
    summary: 'Close a crisis with how it ended and its lessons (its declaring nation); the log then takes no entries',
    tag: 'crises',
    auth: 'user',
    params: idParamsSchema,
    body: crisisCloseRequestSchema,
    response: crisisSchema,
    handler: async ({ ctx, actor, params, body }) => {
      await closeCrisis(ctx, actor, params.id, body);
      return crisisFor(ctx, actor, params.id);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/crises/:id/report',
    summary: 'The after-action report as Markdown or PDF, built from what the caller may read (a download)',
    tag: 'crises',
    auth: 'user',
    params: idParamsSchema,
    query: crisisReportQuerySchema,
    response: z.unknown(),
    reads: { kind: 'record', recordKind: 'crisis' },
    handler: async ({ ctx, actor, params, query, reply }) => {
      const report = await buildAfterActionReport(ctx, actor, params.id);
      if (query.format === 'pdf') {
        reply.header('content-disposition', `attachment; filename="${report.filename}.pdf"`).type('application/pdf');
        return reportToPdf(report);
      }
      reply.header('content-disposition', `attachment; filename="${report.filename}.md"`).type('text/markdown; charset=utf-8');
      return reportToMarkdown(report);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/crisis-entries',
    summary: 'Crisis log entries the caller may read, oldest first (`crisis` for one room; cursor pagination)',
    tag: 'crises',
    auth: 'user',
    query: crisisEntryListQuerySchema,
    response: pageOf(crisisEntrySchema),
    reads: { kind: 'list', recordKind: 'crisis-entry' },
    handler: async ({ ctx, actor, query }) => {
      const page = await listEntries(ctx, actor, query);
      return { items: await presentEntries(ctx, actor, page.items), next: page.next };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/crisis-entries',
    summary: 'Write in a crisis room: a log line, a situation report, a request for assistance, an offer or a task',
    tag: 'crises',
    auth: 'user',
    body: crisisEntryCreateRequestSchema,
    response: crisisEntrySchema,
    status: 201,
    handler: async ({ ctx, actor, body }) => entryFor(ctx, actor, await addEntry(ctx, actor, body)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/crisis-entries/:id',
    summary: 'One crisis log entry (404 when missing or not releasable — the same answer)',
    tag: 'crises',
    auth: 'user',
    params: idParamsSchema,
    response: crisisEntrySchema,
    reads: { kind: 'record', recordKind: 'crisis-entry' },
    handler: async ({ ctx, actor, params }) => entryFor(ctx, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/crisis-entries/:id/actions',
    summary: 'Move a request, offer or task (accept, decline, fulfil, withdraw, take, done, cancel); the same move again changes nothing',
    tag: 'crises',
    auth: 'user',
    params: idParamsSchema,
    body: crisisEntryActionRequestSchema,
    response: crisisEntrySchema,
    handler: async ({ ctx, actor, params, body }) => {
      await moveEntry(ctx, actor, params.id, body);
      return entryFor(ctx, actor, params.id);
    },
  }),
];
