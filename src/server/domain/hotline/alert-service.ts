/**
 * Hotline alerts. An alert is a labelled record the sender's nation originates and releases at
 * once to the nations of its target desks. For each target desk the escalation runs by the
 * desk's policy as it stood when the alert was raised (escalation.ts); its state is a row whose
 * `due_at` is the timer, moved only under that row's lock, so restarts and several app processes
 * never lose, repeat or double-fire a step. Acknowledgements and declines are records originated
 * by the responding nation, released to the sender's nation: the same flow when the two are on
 * different nodes.
 *
 * Notifications (in-app, and e-mail through the outbox when the node sends mail) carry a link and
 * a minimal line, and go only to people who may read the alert.
 */
import { may } from '../policy/policy';
import { releasedNations } from '../../../shared/labels/field-labels';
import { canRead } from '../../../shared/labels/read-rule';
import { labelFromColumns, labelToColumns } from '../../../shared/labels/label-columns';
import { alertRepository } from '../../db/repositories/alert-repository';
import { changeRepository } from '../../db/repositories/change-repository';
import { deskRepository } from '../../db/repositories/desk-repository';
import { userRepository } from '../../db/repositories/user-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { readRecordOrRefuse, recordListDisclosure } from '../audit/record-reads';
import { readerOf } from '../auth/load-actor';
import { systemActor } from '../auth/actor';
import { loadLabelDirectory } from '../directory/directory-service';
import { queueMail } from '../mail/mail-outbox';
import { queuePush } from '../push/web-push';
import { alertExhaustedLine, alertForDeskLine, alertMail, alertPushTitle } from './alert-texts';
import { decodeCursor, pageFromRows } from '../keyset-cursor';
import { validateLabels } from '../release/release-workflow';
import { DEFAULT_ESCALATION_POLICY } from '../../../shared/vocab/hotline';
import { acknowledge, decline, escalateIfDue, planFor, startEscalation } from './escalation';
import type { AlertCreateRequest } from '../../../shared/contracts/alerts';
import type { EscalationPolicy } from '../../../shared/contracts/hotline';
import type { Label } from '../../../shared/labels/label';
import type { AlertSeverity, RosterRole } from '../../../shared/vocab/hotline';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';
import type { AlertRow, AlertTargetRow } from '../../db/repositories/alert-repository';
import type { DeskRow } from '../../db/repositories/desk-repository';
import type { EscalationPlan, EscalationState, Transition } from './escalation';
import type { Insertable, Kysely } from 'kysely';
import type { AlertResponsesTable, DB } from '../../db/schema';

/** Raises an alert; `exerciseId`: an exercise's inject raises it (it is then an exercise alert, carrying the exercise's id). */
export async function raiseAlert(
  ctx: Context,
  actor: UserActor,
  input: AlertCreateRequest,
  options: { exerciseId?: string } = {},
): Promise<AlertRow> {
  if (!may(actor, 'alert.raise')) throw new AppError('FORBIDDEN', 'Your roles do not allow raising hotline alerts.');
  const [label] = await validateLabels(ctx, actor, 'alert', [{ path: 'label', input: input.label }], 1);
  if (!label) throw new Error('unreachable');
  if (label.tlp === 'RED' || label.tlp === 'AMBER+STRICT') {
    throw new AppError('VALIDATION_FAILED', 'An alert goes to roles, not named organisations or people: use TLP:CLEAR, GREEN or AMBER.', [
      { path: 'label.tlp', message: 'Not RED or AMBER+STRICT.' },
    ]);
  }
  const deskIds = [...new Set(input.targetDesks)];
  const desks = await deskRepository(ctx.database.db).findMany(deskIds);
  const missing = deskIds.filter((id) => !desks.some((d) => d.id === id));
  if (missing.length > 0) {
    throw new AppError('VALIDATION_FAILED', `No desk with id ${missing.join(', ')}.`, [{ path: 'targetDesks', message: 'Unknown desk.' }]);
  }
  const directory = await loadLabelDirectory(ctx.database.db, [input.label], actor.labelDirectory);
  const audience = releasedNations(label, directory.communities);
  const outside = desks.filter((d) => !audience.has(d.nation));
  if (outside.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `The label does not let ${[...new Set(outside.map((d) => d.nation))].join(', ')} read the alert, yet a desk you chose is there: tick that nation under “Releasable to” in the label.`,
      [{ path: 'label.relTo', message: 'Releasable to must include the nation of every chosen desk.' }],
    );
  }
  const now = ctx.clock.now();
  const row = {
    id: ctx.ids.uuid(),
    version: 1,
    severity: input.severity,
    summary: input.summary,
    details: input.details,
    exercise: input.exercise || options.exerciseId !== undefined,
    exercise_id: options.exerciseId ?? null,
    raised_by: actor.user.id,
    raised_at: now,
    ...labelToColumns(label),
  };
  await ctx.database.transaction(async (tx) => {
    await alertRepository(tx.db).insert(row);
    await startTargets(tx.db, ctx, row, desks, now);
    await changeRepository(tx.db).record([{ at: now, record_kind: 'alert', record_id: row.id, version: 1, change: 'raise' }]);
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action: 'alert.raise',
        target: { kind: 'alert', id: row.id },
        details: { severity: input.severity, desks: deskIds, exercise: input.exercise },
      },
    ]);
  });
  return row as AlertRow;
}

/**
 * The alert's rows per target desk. A desk of this node starts its escalation now (by its policy
 * as it stands at the alert's raise time); a partner's desk escalates on its own node, so here it
 * waits, without a timer, for that node's answer.
 */
export async function startTargets(
  db: Kysely<DB>,
  ctx: Context,
  alert: Pick<AlertRow, 'id' | 'severity' | 'exercise' | 'raised_at'> & Parameters<typeof labelFromColumns>[0],
  desks: DeskRow[],
  now: Date,
): Promise<void> {
  if (desks.length === 0) return;
  const policies = new Map((await deskRepository(db).policies(desks.map((d) => d.id))).map((p) => [p.desk_id, p]));
  const targets = desks.map((desk) => {
    const stored = policies.get(desk.id);
    const plan = planFor((stored?.policy as EscalationPolicy | undefined) ?? DEFAULT_ESCALATION_POLICY, new Date(alert.raised_at));
    const start = startEscalation(plan, now);
    if (desk.home_node === null) return { desk, plan, policyVersion: stored?.version ?? null, start };
    return { desk, plan, policyVersion: null, start: { ...start, notify: null, state: { ...start.state, dueAt: null } } };
  });
  await alertRepository(db).insertTargets(
    targets.map(({ desk, plan, policyVersion, start }) => ({
      alert_id: alert.id,
      desk_id: desk.id,
      plan: JSON.stringify(plan),
      policy_version: policyVersion,
      ...stateColumns(start.state),
    })),
  );
  for (const { desk, start } of targets) await notifyHolders(db, ctx, alert, desk, start, now);
}

function stateColumns(state: EscalationState) {
  return {
    status: state.status,
    round: state.round,
    step: state.step,
    notified_at: state.notifiedAt,
    due_at: state.dueAt,
    closed_at: state.closedAt,
  };
}

function stateOf(target: AlertTargetRow): EscalationState {
  return {
    status: target.status as EscalationState['status'],
    round: target.round,
    step: target.step,
    notifiedAt: new Date(target.notified_at),
    dueAt: target.due_at ? new Date(target.due_at) : null,
    closedAt: target.closed_at ? new Date(target.closed_at) : null,
  };
}

type NotifiedAlert = Pick<AlertRow, 'id' | 'severity' | 'exercise' | 'raised_at'> & Parameters<typeof labelFromColumns>[0];
const factsOf = (alert: NotifiedAlert) => ({ severity: alert.severity as AlertSeverity, exercise: alert.exercise });

/** In-app notifications to the holders of the step's role who may read the alert: a link and a line. */
async function notifyHolders(
  db: Kysely<DB>,
  ctx: Context,
  alert: NotifiedAlert,
  desk: DeskRow,
  transition: Transition,
  at: Date,
): Promise<void> {
  if (!transition.notify) return;
  const holders = await deskRepository(db).holders(desk.id, transition.notify, at);
  const role = transition.notify;
  await notifyUsers(db, ctx, alert, holders, (language) => alertForDeskLine(language, factsOf(alert), desk.name, role), at, {
    desk_id: desk.id,
    event: 'step',
    role,
  });
}

/** The sender of an alert whose escalation at a desk ran out: every step, every round, and nobody answered. */
async function notifySenderOfExhaustion(
  db: Kysely<DB>,
  ctx: Context,
  alert: NotifiedAlert & Pick<AlertRow, 'raised_by'>,
  desk: DeskRow,
  at: Date,
): Promise<void> {
  await notifyUsers(db, ctx, alert, [alert.raised_by], (language) => alertExhaustedLine(language, factsOf(alert), desk.name), at, {
    desk_id: desk.id,
    event: 'exhausted',
    role: null,
  });
}

/**
 * A notification, a push and a mail to each of `userIds` who is enabled and may read the alert,
 * each in the reader's own language.
 */
async function notifyUsers(
  db: Kysely<DB>,
  ctx: Context,
  alert: NotifiedAlert,
  userIds: string[],
  lineIn: (language: string) => string,
  at: Date,
  topic: { desk_id: string; event: 'step' | 'exhausted'; role: RosterRole | null },
): Promise<void> {
  const users = await userRepository(db).findManyById(userIds);
  const label = labelFromColumns(alert);
  const readers = users.filter((u) => !u.disabled_at && canRead(readerOf(u), label));
  await alertRepository(db).insertNotifications(
    readers.map((u) => ({
      id: ctx.ids.uuid(),
      user_id: u.id,
      kind: 'alert',
      search_id: null,
      count: null,
      alert_id: alert.id,
      line: lineIn(u.language),
      ...topic,
      created_at: at,
      read_at: null,
    })),
  );
  for (const language of new Set(readers.map((u) => u.language))) {
    await queuePush(
      db,
      ctx,
      readers.filter((u) => u.language === language).map((u) => u.id),
      { title: alertPushTitle(language, alert), body: lineIn(language), url: `/alerts/${alert.id}` },
    );
  }
  const link = new URL(`/alerts/${alert.id}`, ctx.config.publicUrl).toString();
  const raisedAt = new Date(alert.raised_at);
  await queueMail(
    db,
    ctx,
    readers.flatMap((u) => (u.email ? [{ to: u.email, ...alertMail(u.language, lineIn(u.language), raisedAt, link) }] : [])),
  );
}

/** Moves every escalation whose timer is due, one step each, in batches; returns how many moved. */
export async function runDueEscalations(ctx: Context, batch = 50): Promise<number> {
  let moved = 0;
  for (;;) {
    const now = ctx.clock.now();
    const count = await ctx.database.transaction(async (tx) => {
      const alerts = alertRepository(tx.db);
      const due = await alerts.dueTargets(now, batch);
      for (const target of due) {
        const plan = target.plan as EscalationPlan;
        const transition = escalateIfDue(plan, stateOf(target), now, { round: target.round, step: target.step });
        if (!transition) continue;
        const [alert, desk] = await Promise.all([alerts.find(target.alert_id), deskRepository(tx.db).find(target.desk_id)]);
        if (!alert || !desk) continue;
        await alerts.updateTarget(target.alert_id, target.desk_id, stateColumns(transition.state));
        await changeRepository(tx.db).record([
          { at: now, record_kind: 'alert', record_id: alert.id, version: alert.version, change: transition.event },
        ]);
        await notifyHolders(tx.db, ctx, alert, desk, transition, now);
        if (transition.event === 'exhausted') await notifySenderOfExhaustion(tx.db, ctx, alert, desk, now);
        await appendAudit(tx.db, ctx.clock, systemActor('escalation'), [
          {
            action: `alert.${transition.event}`,
            target: { kind: 'alert', id: alert.id },
            details: { desk: desk.id, round: transition.state.round, step: transition.state.step, notify: transition.notify },
          },
        ]);
        moved++;
      }
      return due.length;
    });
    if (count < batch) return moved;
  }
}

/**
 * Acknowledges or declines an alert for a desk. Answering the same way twice changes nothing and
 * answers the same; answering the other way once answered is refused.
 */
export async function respondToAlert(
  ctx: Context,
  actor: UserActor,
  alertId: string,
  input: { deskId: string; note?: string | undefined },
  kind: 'acknowledge' | 'decline',
): Promise<void> {
  await ctx.database.transaction(async (tx) => {
    const alerts = alertRepository(tx.db);
    const alert = await alerts.findReadable(alertId, actor.reader);
    if (!alert) throw AppError.notFound('alert');
    const target = await alerts.targetForUpdate(alertId, input.deskId);
    if (!target) throw new AppError('NOT_FOUND', 'This alert was not sent to that desk.');
    const desk = await deskRepository(tx.db).find(input.deskId);
    if (desk?.home_node)
      throw new AppError('FORBIDDEN', `${desk.name} answers on its nation’s own node; its answer arrives here from there.`);
    if (!desk || !(await mayAnswerFor(tx.db, actor, desk))) {
      throw new AppError(
        'FORBIDDEN',
        `Only people on ${desk?.name ?? 'the desk'}'s roster or duty shifts, or its nation's duty officers, answer for it.`,
      );
    }
    const now = ctx.clock.now();
    const transition = kind === 'acknowledge' ? acknowledge(stateOf(target), now) : decline(stateOf(target), now);
    if (!transition) {
      const same = target.status === (kind === 'acknowledge' ? 'acknowledged' : 'declined');
      if (same) return;
      throw new AppError('CONFLICT', `This desk has already ${target.status === 'acknowledged' ? 'acknowledged' : 'declined'} the alert.`);
    }
    await alerts.updateTarget(alertId, desk.id, stateColumns(transition.state));
    await alerts.clearNotifications(alertId, desk.id, now);
    const responseId = ctx.ids.uuid();
    await alerts.insertResponse({
      id: responseId,
      alert_id: alertId,
      desk_id: desk.id,
      kind,
      note: input.note ?? null,
      responded_by: actor.user.id,
      responded_at: now,
      ...labelToColumns(responseLabel(labelFromColumns(alert), actor)),
    });
    await changeRepository(tx.db).record([{ at: now, record_kind: 'alert-response', record_id: responseId, version: 1, change: kind }]);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: `alert.${kind}`, target: { kind: 'alert', id: alertId }, details: { desk: desk.id, response: responseId } },
    ]);
  });
}

/**
 * A partner desk's answer, arrived from the desk's node (federation apply): the answer becomes the
 * desk's record here and closes its target's wait. Idempotent: a desk answers an alert once.
 */
export async function recordPartnerAnswer(
  db: Kysely<DB>,
  ctx: Context,
  alert: AlertRow,
  response: Insertable<AlertResponsesTable> & { kind: 'acknowledge' | 'decline' },
): Promise<boolean> {
  const alerts = alertRepository(db);
  const target = await alerts.targetForUpdate(alert.id, response.desk_id);
  if (!target) return false;
  if (!(await alerts.insertResponse(response))) return false;
  const at = new Date(response.responded_at);
  const transition = response.kind === 'acknowledge' ? acknowledge(stateOf(target), at) : decline(stateOf(target), at);
  if (transition) await alerts.updateTarget(alert.id, response.desk_id, stateColumns(transition.state));
  await alerts.clearNotifications(alert.id, response.desk_id, ctx.clock.now());
  await changeRepository(db).record([
    { at: ctx.clock.now(), record_kind: 'alert-response', record_id: response.id, version: 1, change: response.kind },
  ]);
  await appendAudit(db, ctx.clock, systemActor('federation'), [
    {
      action: `alert.${response.kind}`,
      target: { kind: 'alert', id: alert.id },
      details: { desk: response.desk_id, response: response.id },
    },
  ]);
  return true;
}

async function mayAnswerFor(db: Kysely<DB>, actor: UserActor, desk: DeskRow): Promise<boolean> {
  // A partner's desk answers on its own node; the answer comes here as its record.
  if (desk.nation !== actor.nation.code || desk.home_node !== null) return false;
  return actor.user.roles.includes('duty-officer') || deskRepository(db).isOnDesk(desk.id, actor.user.id);
}

/**
 * The label of an answer: originated by the responder, released to the alert's originating nation
 * and the responder's own, no wider and no less protected than the alert.
 */
function responseLabel(alert: Label, actor: UserActor): Label {
  return {
    originator: { nation: actor.nation.code, org: actor.org.id },
    classification: alert.classification,
    relTo: [...new Set([alert.originator.nation, actor.nation.code])],
    caveats: alert.caveats,
    tlp: alert.tlp === 'CLEAR' ? 'GREEN' : alert.tlp,
    recipients: { orgs: [], users: [] },
    state: 'active',
    version: 1,
  };
}

export async function getAlert(ctx: Context, actor: UserActor, id: string): Promise<AlertRow> {
  const repo = alertRepository(ctx.database.db);
  return readRecordOrRefuse(ctx, actor, 'alert', id, {
    findReadable: () => repo.findReadable(id, actor.reader),
    exists: () => repo.exists(id),
  });
}

export async function listAlerts(ctx: Context, actor: UserActor, limit: number, cursor?: string) {
  const after = cursor ? decodeCursor(cursor) : null;
  const rows = await alertRepository(ctx.database.db).listReadable(
    actor.reader,
    limit + 1,
    after ? { createdAt: after.at, id: after.id } : null,
  );
  const page = pageFromRows(rows, limit, (row) => row.raised_at);
  await recordListDisclosure(ctx, actor, 'alert', page.items);
  return page;
}

/**
 * Targets and the answers the reader may read, for presenting alerts; for the desks of the
 * reader's own nation also who each step paged, and who answered (by name, for every reader of
 * the answer).
 */
export async function alertDetails(ctx: Context, actor: UserActor, alerts: AlertRow[]) {
  const repo = alertRepository(ctx.database.db);
  const ids = alerts.map((a) => a.id);
  const [targets, responses, notified] = await Promise.all([
    repo.targetsOf(ids),
    repo.responsesReadable(ids, actor.reader),
    repo.notifiedOf(actor.user.id, ids),
  ]);
  const ownDesks = [
    ...new Set(targets.filter((t) => t.desk_nation === actor.nation.code && t.desk_home_node === null).map((t) => t.desk_id)),
  ];
  const answerable = new Set<string>();
  for (const deskId of ownDesks) {
    const desk = await deskRepository(ctx.database.db).find(deskId);
    if (desk && (await mayAnswerFor(ctx.database.db, actor, desk))) answerable.add(deskId);
  }
  const [paged, responders] = await Promise.all([
    repo.pagedAt(ids, ownDesks),
    userRepository(ctx.database.db).findManyById([...new Set(responses.map((r) => r.responded_by))]),
  ]);
  return { targets, responses, answerable, notified, paged, responders };
}

/** The open escalations the actor answers for (the notification centre's "awaiting your answer"). */
export async function awaitingAnswer(ctx: Context, actor: UserActor) {
  const everyDesk = actor.user.roles.includes('duty-officer');
  const rows = await alertRepository(ctx.database.db).awaiting(actor.reader, actor.nation.code, actor.user.id, everyDesk, 100);
  await recordListDisclosure(
    ctx,
    actor,
    'alert',
    [...new Set(rows.map((r) => r.alert_id))].map((id) => ({ id })),
  );
  return rows;
}
