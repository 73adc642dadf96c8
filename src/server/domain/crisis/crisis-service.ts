/**
 * Crisis rooms. A crisis is a labelled record declared by one nation; the nations its label
 * releases to are the participants. Its log is ordered by (entered at, id) — an order every node
 * computes the same from the entries themselves, with no counter that would show a reader the gaps
 * left by entries they may not read. Every entry is a labelled record of the nation that wrote it,
 * released no wider than the crisis and read through it (both labels must admit the reader).
 *
 * Requests, offers and tasks move by update entries (entry-lifecycle.ts) that carry the label of
 * the entry they move, originated by the mover's nation: whoever reads an entry reads its moves.
 * Writes to one crisis (entries, moves, closure) are serialised on the crisis row, so nothing is
 * added to a closed crisis and a move never races another on the same entry.
 */
import { may } from '../policy/policy';
import { releasedNations } from '../../../shared/labels/field-labels';
import { canRead } from '../../../shared/labels/read-rule';
import { labelFromColumns, labelToColumns } from '../../../shared/labels/label-columns';
import { alertRepository } from '../../db/repositories/alert-repository';
import { changeRepository } from '../../db/repositories/change-repository';
import { crisisRepository } from '../../db/repositories/crisis-repository';
import { userRepository } from '../../db/repositories/user-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { readRecordOrRefuse, recordListDisclosure } from '../audit/record-reads';
import { readerOf } from '../auth/load-actor';
import { communityMembership } from '../directory/directory-service';
import { decodeCursor, pageFromRows } from '../keyset-cursor';
import { validateLabels } from '../release/release-workflow';
import { availableActions, decideMove, INITIAL_STATE } from './entry-lifecycle';
import { replayMoves } from './entry-replay';
import type {
  CrisisCloseRequest,
  CrisisDeclareRequest,
  CrisisEntryActionRequest,
  CrisisEntryCreateRequest,
} from '../../../shared/contracts/crises';
import type { Label } from '../../../shared/labels/label';
import type { EntryAction } from '../../../shared/vocab/crisis';
import type { Context } from '../../context';
import type { Transaction } from '../../db/database';
import type { UserActor } from '../auth/actor';
import type { CrisisEntryRow, CrisisRow } from '../../db/repositories/crisis-repository';
import type { Movable, MovableKind } from './entry-lifecycle';

export const EXERCISE_PREFIX = 'EXERCISE EXERCISE EXERCISE';

/** The nations a crisis is released to: its participants. */
export async function participantsOf(ctx: Context, actor: UserActor, crisis: CrisisRow, db = ctx.database.db): Promise<string[]> {
  return (await participantsOfMany(ctx, actor, [crisis], db))[0]!;
}

/** The participants of each crisis, with one read of the communities' membership. */
export async function participantsOfMany(ctx: Context, actor: UserActor, crises: CrisisRow[], db = ctx.database.db): Promise<string[][]> {
  const membership = await communityMembership(db, actor);
  return crises.map((crisis) => [...releasedNations(labelFromColumns(crisis), membership)].sort());
}

/** Declares a crisis; `exerciseId`: an exercise's inject opens the room (an exercise crisis, carrying the exercise's id). */
export async function declareCrisis(
  ctx: Context,
  actor: UserActor,
  input: CrisisDeclareRequest,
  options: { exerciseId?: string } = {},
): Promise<string> {
  if (!may(actor, 'crisis.declare')) throw new AppError('FORBIDDEN', 'Your roles do not allow declaring a crisis.');
  const [label] = await validateLabels(ctx, actor, 'crisis', [{ path: 'label', input: input.label }], 1);
  if (!label) throw new Error('unreachable');
  if (input.alertId && !(await alertRepository(ctx.database.db).findReadable(input.alertId, actor.reader))) {
    throw new AppError('VALIDATION_FAILED', 'No alert with this id.', [{ path: 'alertId', message: 'Not an alert you may read.' }]);
  }
  const now = ctx.clock.now();
  const id = ctx.ids.uuid();
  await ctx.database.transaction(async (tx) => {
    await crisisRepository(tx.db).insert({
      id,
      version: 1,
      title: input.title,
      summary: input.summary,
      exercise: input.exercise || options.exerciseId !== undefined,
      exercise_id: options.exerciseId ?? null,
      status: 'open',
      alert_id: input.alertId ?? null,
      declared_by: actor.user.id,
      declared_at: now,
      ...labelToColumns(label),
    });
    await changeRepository(tx.db).record([{ at: now, record_kind: 'crisis', record_id: id, version: 1, change: 'declare' }]);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'crisis.declare', target: { kind: 'crisis', id }, details: { exercise: input.exercise, relTo: label.relTo } },
    ]);
  });
  return id;
}

export async function getCrisis(ctx: Context, actor: UserActor, id: string): Promise<CrisisRow> {
  const repo = crisisRepository(ctx.database.db);
  return readRecordOrRefuse(ctx, actor, 'crisis', id, {
    findReadable: () => repo.findReadable(id, actor.reader),
    exists: () => repo.exists(id),
  });
}

/** Every entry of a crisis (already read by `actor`) that the actor may read, for its board. */
export function entriesOf(ctx: Context, actor: UserActor, crisis: CrisisRow): Promise<CrisisEntryRow[]> {
  return crisisRepository(ctx.database.db).allEntriesReadable(actor.reader, crisis.id);
}

export async function listCrises(
  ctx: Context,
  actor: UserActor,
  query: { limit: number; cursor?: string | undefined; status?: 'open' | 'closed' | undefined; alert?: string | undefined },
) {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await crisisRepository(ctx.database.db).listReadable(actor.reader, query.limit + 1, after, query);
  const page = pageFromRows(rows, query.limit, (row) => row.declared_at);
  await recordListDisclosure(ctx, actor, 'crisis', page.items);
  return page;
}

/** Counts for the dashboard; exercises are never counted. */
export async function crisisResponseSummary(ctx: Context, actor: UserActor) {
  const since = new Date(ctx.clock.now().getTime() - 24 * 3600_000);
  const counts = await crisisRepository(ctx.database.db).liveCounts(actor.reader, since);
  return { total: counts.total, openCrises: counts.open, alertsLastDay: counts.alerts };
}

/** What the actor may do in a crisis: contribute (a participant with the role), close (its declaring nation). */
export async function crisisPermissions(ctx: Context, actor: UserActor, crisis: CrisisRow, participants?: string[], db = ctx.database.db) {
  const nations = participants ?? (await participantsOf(ctx, actor, crisis, db));
  const open = crisis.status === 'open';
  return {
    contribute: open && may(actor, 'crisis.contribute') && nations.includes(actor.nation.code),
    close: open && crisis.home_node === null && may(actor, 'crisis.declare') && crisis.originator_nation === actor.nation.code,
  };
}

/** Locks the crisis for a write and checks it is open and the actor may read it and contribute. */
async function openCrisisForWrite(ctx: Context, tx: Transaction, actor: UserActor, crisisId: string, path: string) {
  const repo = crisisRepository(tx.db);
  const locked = await repo.lock(crisisId);
  const crisis = locked && (await repo.findReadable(crisisId, actor.reader));
  if (!crisis) throw new AppError('VALIDATION_FAILED', 'No crisis with this id.', [{ path, message: 'Not a crisis you may read.' }]);
  if (crisis.status !== 'open') throw new AppError('CONFLICT', 'The crisis is closed: its log takes no more entries.');
  const participants = await participantsOf(ctx, actor, crisis, tx.db);
  if (!(await crisisPermissions(ctx, actor, crisis, participants, tx.db)).contribute) {
    throw new AppError('FORBIDDEN', 'Only people of the participating nations with a recording role write in a crisis room.');
  }
  return { crisis, participants };
}

export async function addEntry(ctx: Context, actor: UserActor, input: CrisisEntryCreateRequest): Promise<string> {
  const [label] = await validateLabels(ctx, actor, 'crisis-entry', [{ path: 'label', input: input.label }], 1);
  if (!label) throw new Error('unreachable');
  const now = ctx.clock.now();
  const id = ctx.ids.uuid();
  await ctx.database.transaction(async (tx) => {
    const { crisis, participants } = await openCrisisForWrite(ctx, tx, actor, input.crisisId, 'crisisId');
    const membership = await communityMembership(tx.db, actor);
    const audience = releasedNations(label, membership);
    const outside = [...audience].filter((n) => !participants.includes(n));
    if (outside.length > 0) {
      throw new AppError('VALIDATION_FAILED', `An entry goes no wider than its crisis: ${outside.join(', ')} does not take part in it.`, [
        { path: 'label.relTo', message: `Only participants: ${participants.join(', ')}.` },
      ]);
    }
    const repo = crisisRepository(tx.db);
    const row = {
      id,
      crisis_id: crisis.id,
      version: 1,
      kind: input.kind,
      entry_state: null as string | null,
      subject_id: null,
      request_id: null as string | null,
      owner_nation: null as string | null,
      owner_user: null as string | null,
      deadline: null as Date | null,
      requester_nation: null as string | null,
      entered_by: actor.user.id,
      entered_at: now,
      updated_at: now,
      ...labelToColumns(label),
    };
    let content: unknown;
    switch (input.kind) {
      case 'log':
        content = { text: input.text };
        break;
      case 'sitrep':
        content = input.sitrep;
        break;
      case 'request':
        content = { what: input.what, quantity: input.quantity, neededBy: input.neededBy ?? null };
        row.entry_state = INITIAL_STATE.request;
        break;
      case 'offer': {
        content = { what: input.what, availableFrom: input.availableFrom ?? null };
        row.entry_state = INITIAL_STATE.offer;
        const requesterNation = input.requestId ? await requestNation(repo, actor, crisis.id, input.requestId) : crisis.originator_nation;
        if (!audience.has(requesterNation)) {
          throw new AppError('VALIDATION_FAILED', `The offer must be released to ${requesterNation}, which accepts or declines it.`, [
            { path: 'label.relTo', message: `Add ${requesterNation}.` },
          ]);
        }
        row.request_id = input.requestId ?? null;
        row.requester_nation = requesterNation;
        break;
      }
      case 'task': {
        content = { title: input.title, details: input.details };
        row.entry_state = INITIAL_STATE.task;
        if (!participants.includes(input.ownerNation)) {
          throw new AppError('VALIDATION_FAILED', `${input.ownerNation} does not take part in this crisis.`, [
            { path: 'ownerNation', message: `One of ${participants.join(', ')}.` },
          ]);
        }
        if (!audience.has(input.ownerNation)) {
          throw new AppError('VALIDATION_FAILED', `The task must be released to its owner nation ${input.ownerNation}.`, [
            { path: 'label.relTo', message: `Add ${input.ownerNation}.` },
          ]);
        }
        if (input.ownerUserId) await checkOwner(tx, input.ownerUserId, input.ownerNation, label);
        row.owner_nation = input.ownerNation;
        row.owner_user = input.ownerUserId ?? null;
        row.deadline = new Date(input.deadline);
        break;
      }
    }
    await repo.insertEntry({ ...row, content: JSON.stringify(content) });
    await changeRepository(tx.db).record([{ at: now, record_kind: 'crisis-entry', record_id: id, version: 1, change: input.kind }]);
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action: 'crisis.entry',
        target: { kind: 'crisis-entry', id },
        details: { crisis: crisis.id, kind: input.kind, relTo: label.relTo },
      },
    ]);
  });
  return id;
}

/** The nation of the request an offer answers (it must be a readable request of the same crisis). */
async function requestNation(
  repo: ReturnType<typeof crisisRepository>,
  actor: UserActor,
  crisisId: string,
  requestId: string,
): Promise<string> {
  const request = await repo.findEntryReadable(requestId, actor.reader);
  if (!request || request.kind !== 'request' || request.crisis_id !== crisisId) {
    throw new AppError('VALIDATION_FAILED', 'No request for assistance with this id in this crisis.', [
      { path: 'requestId', message: 'Not a request here.' },
    ]);
  }
  if (request.entry_state !== 'open') throw new AppError('CONFLICT', `The request is ${request.entry_state}: it takes no more offers.`);
  return request.originator_nation;
}

/** A task's owner is a person of the owner nation who may read the task. */
async function checkOwner(tx: Transaction, userId: string, nation: string, label: Label): Promise<void> {
  const [user] = await userRepository(tx.db).findManyById([userId]);
  if (!user || user.disabled_at || user.nation !== nation || !canRead(readerOf(user), label)) {
    throw new AppError('VALIDATION_FAILED', `The owner must be an active person of ${nation} who may read the task.`, [
      { path: 'ownerUserId', message: 'Not such a person.' },
    ]);
  }
}

function movableOf(entry: CrisisEntryRow, requesterNation?: string): Movable | null {
  if (entry.kind !== 'request' && entry.kind !== 'offer' && entry.kind !== 'task') return null;
  return {
    kind: entry.kind as MovableKind,
    state: entry.entry_state ?? INITIAL_STATE[entry.kind as MovableKind],
    nation: entry.originator_nation,
    requesterNation: entry.requester_nation ?? requesterNation ?? entry.crisis_originator_nation,
    ownerNation: entry.owner_nation ?? undefined,
    ownerUser: entry.owner_user,
  };
}

/**
 * Moves a request, offer or task. The same move twice is answered as once; a move the entry has
 * gone past is refused with a conflict.
 */
export async function moveEntry(ctx: Context, actor: UserActor, entryId: string, input: CrisisEntryActionRequest): Promise<void> {
  await ctx.database.transaction(async (tx) => {
    const repo = crisisRepository(tx.db);
    const readable = await repo.findEntryReadable(entryId, actor.reader);
    if (!readable) throw AppError.notFound('crisis entry');
    await openCrisisForWrite(ctx, tx, actor, readable.crisis_id, 'id');
    const entry = await repo.entryForUpdate(entryId);
    if (!entry) throw AppError.notFound('crisis entry');
    const requester =
      entry.kind === 'offer' && entry.request_id ? (await repo.entryNations([entry.request_id])).get(entry.request_id) : undefined;
    const movable = movableOf({ ...readable, ...entry }, requester);
    if (!movable)
      throw new AppError('VALIDATION_FAILED', `A ${entry.kind} entry does not move.`, [
        { path: 'action', message: 'Only requests, offers and tasks move.' },
      ]);
    const outcome = decideMove(movable, input.action, actor.nation.code, actor.user.id);
    if (outcome.kind === 'already') return;
    if (outcome.kind === 'not-allowed') throw new AppError('FORBIDDEN', outcome.why);
    if (outcome.kind === 'conflict') throw new AppError('CONFLICT', outcome.why);
    const now = ctx.clock.now();
    const subjectLabel = labelFromColumns(entry);
    const updateId = ctx.ids.uuid();
    await repo.insertEntry({
      id: updateId,
      crisis_id: entry.crisis_id,
      version: 1,
      kind: 'update',
      content: JSON.stringify({ action: input.action, ...(input.note ? { note: input.note } : {}) }),
      entry_state: null,
      subject_id: entryId,
      request_id: null,
      owner_nation: null,
      owner_user: null,
      deadline: null,
      entered_by: actor.user.id,
      entered_at: now,
      updated_at: now,
      ...labelToColumns(moveLabel(subjectLabel, entry.entered_by, actor)),
    });
    // Where the entry stands follows from all its moves in log order, a partner's included.
    const version = (await replayMoves(tx.db, entryId)) ?? entry.version;
    await changeRepository(tx.db).record([
      { at: now, record_kind: 'crisis-entry', record_id: entryId, version, change: input.action },
      { at: now, record_kind: 'crisis-entry', record_id: updateId, version: 1, change: 'update' },
    ]);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: `crisis.${input.action}`, target: { kind: 'crisis-entry', id: entryId }, details: { update: updateId, to: outcome.to } },
    ]);
  });
}

/**
 * The label of a move: the moved entry's audience, originated by the mover — and released back to
 * the entry's writer (its nation, and its organisation or person under TLP:AMBER or RED), who
 * would otherwise not read the moves of their own entry.
 */
function moveLabel(subject: Label, subjectAuthor: string, mover: UserActor): Label {
  const add = (list: string[], item: string) => [...new Set([...list, item])].sort();
  const writer = subject.originator;
  return {
    ...subject,
    originator: { nation: mover.nation.code, org: mover.org.id },
    relTo: writer.nation === mover.nation.code ? subject.relTo : add(subject.relTo, writer.nation),
    recipients: {
      orgs: subject.tlp === 'AMBER' || subject.tlp === 'AMBER+STRICT' ? add(subject.recipients.orgs, writer.org) : subject.recipients.orgs,
      users: subject.tlp === 'RED' ? add(subject.recipients.users, subjectAuthor) : subject.recipients.users,
    },
    version: 1,
  };
}

export async function closeCrisis(ctx: Context, actor: UserActor, id: string, input: CrisisCloseRequest): Promise<void> {
  await ctx.database.transaction(async (tx) => {
    const repo = crisisRepository(tx.db);
    const locked = await repo.lock(id);
    const crisis = locked && (await repo.findReadable(id, actor.reader));
    if (!crisis) throw AppError.notFound('crisis');
    if (crisis.status === 'closed') throw new AppError('CONFLICT', 'The crisis is already closed.');
    if (crisis.home_node !== null) {
      throw new AppError('FORBIDDEN', `The crisis is run by ${crisis.originator_nation}'s own node: it is closed there.`);
    }
    if (!(await crisisPermissions(ctx, actor, crisis, undefined, tx.db)).close) {
      throw new AppError(
        'FORBIDDEN',
        `Only duty or releasing officers of ${crisis.originator_nation}, which declared the crisis, close it.`,
      );
    }
    const now = ctx.clock.now();
    await repo.update(id, {
      status: 'closed',
      version: crisis.version + 1,
      closed_by: actor.user.id,
      closed_at: now,
      closing_summary: input.summary,
      lessons: input.lessons,
    });
    await changeRepository(tx.db).record([{ at: now, record_kind: 'crisis', record_id: id, version: crisis.version + 1, change: 'close' }]);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'crisis.close', target: { kind: 'crisis', id }, details: { version: crisis.version + 1 } },
    ]);
  });
}

export async function getEntry(ctx: Context, actor: UserActor, id: string): Promise<CrisisEntryRow> {
  const repo = crisisRepository(ctx.database.db);
  return readRecordOrRefuse(ctx, actor, 'crisis-entry', id, {
    findReadable: () => repo.findEntryReadable(id, actor.reader),
    exists: () => repo.entryExists(id),
  });
}

export async function listEntries(
  ctx: Context,
  actor: UserActor,
  query: { crisis?: string | undefined; limit: number; cursor?: string | undefined },
) {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await crisisRepository(ctx.database.db).listEntriesReadable(actor.reader, query.crisis ?? null, query.limit + 1, after);
  const page = pageFromRows(rows, query.limit, (row) => row.entered_at);
  await recordListDisclosure(ctx, actor, 'crisis-entry', page.items);
  return page;
}

/** What presenting entries to a reader needs beyond the rows: offers they may read, and who may move what. */
export interface EntryContext {
  now: Date;
  offersByRequest: Map<string, CrisisEntryRow[]>;
  /** The requests answered by the offers presented that the reader may read (others are not named). */
  readableRequests: Set<string>;
  actions: Map<string, EntryAction[]>;
}

export async function entryContext(ctx: Context, actor: UserActor, rows: CrisisEntryRow[]): Promise<EntryContext> {
  const repo = crisisRepository(ctx.database.db);
  const requestIds = rows.filter((r) => r.kind === 'request').map((r) => r.id);
  const readableOffers = await repo.offersReadable(actor.reader, requestIds);
  const offersByRequest = new Map<string, CrisisEntryRow[]>();
  for (const offer of readableOffers) offersByRequest.set(offer.request_id!, [...(offersByRequest.get(offer.request_id!) ?? []), offer]);
  // An offer's requesting nation is its request's (read without the reader's label: only a nation code, and only to decide who may accept).
  const offers = rows.filter((r) => r.kind === 'offer');
  const answered = [...new Set(offers.flatMap((o) => (o.request_id ? [o.request_id] : [])))];
  const [requestNations, readableRequests] = await Promise.all([repo.entryNations(answered), repo.readableAmong(actor.reader, answered)]);
  const requesterOf = new Map(offers.map((o) => [o.id, o.request_id ? requestNations.get(o.request_id) : o.crisis_originator_nation]));
  const mayContribute = may(actor, 'crisis.contribute');
  const openCrises = new Set(await repo.openAmong([...new Set(rows.map((r) => r.crisis_id))]));
  const actions = new Map<string, EntryAction[]>();
  for (const row of rows) {
    const movable = movableOf(row, requesterOf.get(row.id));
    if (movable && mayContribute && openCrises.has(row.crisis_id))
      actions.set(row.id, availableActions(movable, actor.nation.code, actor.user.id));
  }
  return { now: ctx.clock.now(), offersByRequest, readableRequests, actions };
}
