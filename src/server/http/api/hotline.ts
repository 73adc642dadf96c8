/** The hotline: desks (points of contact) and alerts with their acknowledgements. */
import { z } from 'zod';
import { idParamsSchema, okSchema, pageOf } from '../../../shared/contracts/common';
import {
  alertCreateRequestSchema,
  alertListQuerySchema,
  alertResponseRequestSchema,
  alertSchema,
  awaitingAnswerSchema,
} from '../../../shared/contracts/alerts';
import {
  deskContactsRequestSchema,
  deskCreateRequestSchema,
  deskSchema,
  deskShiftParamsSchema,
  escalationPolicySchema,
  rosterRequestSchema,
  shiftCreateRequestSchema,
} from '../../../shared/contracts/hotline';
import { alertDetails, awaitingAnswer, getAlert, listAlerts, raiseAlert, respondToAlert } from '../../domain/hotline/alert-service';
import {
  addShift,
  createDesk,
  getDesk,
  listDesks,
  removeShift,
  setContacts,
  setPolicy,
  setRoster,
} from '../../domain/hotline/desk-service';
import { presentAlert } from '../presenters/alert-presenter';
import { presentDesk, presentDeskEntry } from '../presenters/desk-presenter';
import { defineRoute } from '../route';
import type { Context } from '../../context';
import type { UserActor } from '../../domain/auth/actor';
import type { AlertRow } from '../../db/repositories/alert-repository';

const deskFor = async (ctx: Context, actor: UserActor, id: string) => presentDesk(await getDesk(ctx, actor, id));

async function presentAlerts(ctx: Context, actor: UserActor, rows: AlertRow[]) {
  const details = await alertDetails(ctx, actor, rows);
  return rows.map((row) => presentAlert(row, actor, details));
}

export const hotlineRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/desks',
    summary: "Every nation's hotline desks (points of contact to send alerts to)",
    tag: 'hotline',
    auth: 'user',
    response: z.object({ items: z.array(deskSchema) }),
    reads: { kind: 'none', why: 'desks and their contacts are points of contact shared with every partner; rosters are not listed' },
    handler: async ({ ctx }) => ({ items: (await listDesks(ctx)).map(presentDeskEntry) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/desks',
    summary: "Create a hotline desk of the caller's nation (duty officers, node administrators)",
    tag: 'hotline',
    auth: 'user',
    body: deskCreateRequestSchema,
    response: deskSchema,
    status: 201,
    handler: async ({ ctx, actor, body }) => deskFor(ctx, actor, (await createDesk(ctx, actor, body.name)).id),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/desks/:id',
    summary: "One desk; its roster, shifts ahead and escalation policy only for the desk's own nation",
    tag: 'hotline',
    auth: 'user',
    params: idParamsSchema,
    response: deskSchema,
    reads: { kind: 'none', why: "a desk's name is shared with every partner; the rest only with its own nation" },
    handler: async ({ ctx, actor, params }) => deskFor(ctx, actor, params.id),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/desks/:id/roster',
    summary: 'Set who holds the primary, deputy and headquarters roles (users of the desk’s nation)',
    tag: 'hotline',
    auth: 'user',
    params: idParamsSchema,
    body: rosterRequestSchema,
    response: deskSchema,
    handler: async ({ ctx, actor, params, body }) => {
      await setRoster(ctx, actor, params.id, body);
      return deskFor(ctx, actor, params.id);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/desks/:id/contacts',
    summary: 'Set how to reach the desk (phone, secure voice, …): a new version of the desk, published to partners with it',
    tag: 'hotline',
    auth: 'user',
    params: idParamsSchema,
    body: deskContactsRequestSchema,
    response: deskSchema,
    handler: async ({ ctx, actor, params, body }) => {
      await setContacts(ctx, actor, params.id, body.contacts);
      return deskFor(ctx, actor, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/desks/:id/shifts',
    summary: 'Add a duty-officer shift',
    tag: 'hotline',
    auth: 'user',
    params: idParamsSchema,
    body: shiftCreateRequestSchema,
    response: deskSchema,
    status: 201,
    handler: async ({ ctx, actor, params, body }) => {
      await addShift(ctx, actor, params.id, body);
      return deskFor(ctx, actor, params.id);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/desks/:id/shifts/:shiftId',
    summary: 'Remove a duty-officer shift',
    tag: 'hotline',
    auth: 'user',
    params: deskShiftParamsSchema,
    response: okSchema,
    handler: async ({ ctx, actor, params }) => {
      await removeShift(ctx, actor, params.id, params.shiftId);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/desks/:id/policy',
    summary: 'Set the escalation policy (a new version; alerts already raised keep theirs)',
    tag: 'hotline',
    auth: 'user',
    params: idParamsSchema,
    body: escalationPolicySchema,
    response: deskSchema,
    handler: async ({ ctx, actor, params, body }) => {
      await setPolicy(ctx, actor, params.id, body);
      return deskFor(ctx, actor, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/alerts',
    summary: 'Raise a hotline alert to desks of partner nations; each desk’s escalation starts at once',
    tag: 'hotline',
    auth: 'user',
    body: alertCreateRequestSchema,
    response: alertSchema,
    status: 201,
    handler: async ({ ctx, actor, body }) => {
      const [alert] = await presentAlerts(ctx, actor, [await raiseAlert(ctx, actor, body)]);
      return alert as z.input<typeof alertSchema>;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/alerts',
    summary: 'Alerts the caller may read, newest first (cursor pagination)',
    tag: 'hotline',
    auth: 'user',
    query: alertListQuerySchema,
    response: pageOf(alertSchema),
    reads: { kind: 'list', recordKind: 'alert' },
    handler: async ({ ctx, actor, query }) => {
      const page = await listAlerts(ctx, actor, query.limit, query.cursor);
      return { items: await presentAlerts(ctx, actor, page.items), next: page.next };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/alerts/awaiting',
    summary: 'Alerts awaiting your answer: open escalations at the desks you answer for, of alerts you may read',
    tag: 'hotline',
    auth: 'user',
    response: awaitingAnswerSchema,
    reads: {
      kind: 'none',
      why: "the caller's own answering duties: a subset of the alerts the caller may read, filtered by the caller's reader in SQL, disclosures recorded",
    },
    handler: async ({ ctx, actor }) => {
      const rows = await awaitingAnswer(ctx, actor);
      return {
        items: rows.map((r) => ({
          alertId: r.alert_id,
          severity: r.severity as z.infer<typeof awaitingAnswerSchema>['items'][number]['severity'],
          summary: r.summary,
          exercise: r.exercise,
          raisedAt: new Date(r.raised_at).toISOString(),
          deskId: r.desk_id,
          deskName: r.desk_name,
          status: r.status as 'escalating' | 'exhausted',
          dueAt: r.due_at ? new Date(r.due_at).toISOString() : null,
        })),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/alerts/:id',
    summary: 'One alert with its desks’ states (404 when missing or not releasable to the caller — the same answer)',
    tag: 'hotline',
    auth: 'user',
    params: idParamsSchema,
    response: alertSchema,
    reads: { kind: 'record', recordKind: 'alert' },
    handler: async ({ ctx, actor, params }) => {
      const [alert] = await presentAlerts(ctx, actor, [await getAlert(ctx, actor, params.id)]);
      return alert as z.input<typeof alertSchema>;
    },
  }),
  ...(['acknowledge', 'decline'] as const).map((kind) =>
    defineRoute({
      method: 'POST',
      url: `/api/alerts/:id/${kind}`,
      summary:
        kind === 'acknowledge'
          ? 'Acknowledge an alert for a desk (again: no change). Acknowledge is not resolve.'
          : 'Decline an alert for a desk (it is not for this desk)',
      tag: 'hotline',
      auth: 'user',
      params: idParamsSchema,
      body: alertResponseRequestSchema,
      response: alertSchema,
      handler: async ({ ctx, actor, params, body }) => {
        await respondToAlert(ctx, actor, params.id, body, kind);
        const [alert] = await presentAlerts(ctx, actor, [await getAlert(ctx, actor, params.id)]);
        return alert as z.input<typeof alertSchema>;
      },
    }),
  ),
];
