/**
 * Meetings of the strategic dialogue. A meeting is a labelled record of its host nation, run by the
 * host's node; the nations it invites — the host among them — are its participants, and its label
 * must release it to each of them. Each participant answers the invitation and names its
 * delegation: records of that nation, under labels of its choosing that reach the host, read
 * through the meeting. The host's organisers write the agenda — each item under its own label, so
 * a sidebar for two nations is the two nations' alone — and the minutes of each item, read through
 * the item. Items are numbered per reader among the items that reader may read: one out of reach
 * leaves no gap. Writes to one meeting are serialised on the meeting row.
 */
import { may } from '../policy/policy';
import { releasedNations } from '../../../shared/labels/field-labels';
import { canRead } from '../../../shared/labels/read-rule';
import { classificationRank } from '../../../shared/vocab/levels';
import { labelFromColumns, labelToColumns } from '../../../shared/labels/label-columns';
import { changeRepository } from '../../db/repositories/change-repository';
import { agendaAttachmentRepository } from '../../db/repositories/agenda-attachment-repository';
import { meetingRepository } from '../../db/repositories/meeting-repository';
import { statementRepository } from '../../db/repositories/statement-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { readRecordOrRefuse, recordListDisclosure } from '../audit/record-reads';
import { communityMembership } from '../directory/directory-service';
import { decodeCursor, pageFromRows } from '../keyset-cursor';
import type { LabelColumns } from '../../db/schema';
import { storedLabel, validateLabels } from '../release/release-workflow';
import type {
  AgendaItemCreateRequest,
  AgendaItemUpdateRequest,
  DelegationRequest,
  InvitationAnswerRequest,
  MeetingCreateRequest,
  MeetingUpdateRequest,
  MinutesWriteRequest,
} from '../../../shared/contracts/dialogue';
import type { Label, LabelInput } from '../../../shared/labels/label';
import type { Context } from '../../context';
import type { Transaction } from '../../db/database';
import type { AgendaAttachmentRow } from '../../db/repositories/agenda-attachment-repository';
import type { AgendaItemRow, MeetingRow, MinutesRow } from '../../db/repositories/meeting-repository';
import type { UserActor } from '../auth/actor';

/** The longest a meeting may last. */
const LONGEST_MEETING_DAYS = 31;

type Issue = { path: string; message: string };

/** Refuses a write: one problem is the message itself, several are listed under `message`. */
function refuse(message: string, issues: Issue[]): never {
  throw new AppError('VALIDATION_FAILED', issues.length === 1 ? issues[0]!.message : message, issues);
}

/** The participants as stored: the host and the invited nations, each once, sorted. */
const participantsWith = (host: string, invited: readonly string[]) => [...new Set([host, ...invited])].sort();

/** What the actor may do with a meeting: organise it (its host's organisers, on its node) and attend it (a participant's). */
export function meetingPermissions(
  actor: UserActor,
  meeting: Pick<MeetingRow, 'home_node' | 'originator_nation' | 'participants' | 'status' | 'state'>,
) {
  const open = meeting.status === 'planned' && meeting.state === 'active';
  return {
    organise: open && meeting.home_node === null && meeting.originator_nation === actor.nation.code && may(actor, 'meeting.organise'),
    attend: open && meeting.participants.includes(actor.nation.code) && may(actor, 'meeting.attend'),
  };
}

/** Whether the actor may attach files to an item: the host's organisers, or the delegates of the nation leading it. */
export function mayAttach(actor: UserActor, meeting: MeetingRow, item: Pick<AgendaItemRow, 'owner_nation'>): 'organise' | 'attend' | null {
  const can = meetingPermissions(actor, meeting);
  if (can.organise) return 'organise';
  if (can.attend && item.owner_nation === actor.nation.code) return 'attend';
  return null;
}

function checkTimes(startsAt: Date, endsAt: Date, answerBy: Date | null): Issue[] {
  const issues: Issue[] = [];
  if (endsAt <= startsAt) issues.push({ path: 'endsAt', message: 'The meeting must end after it starts.' });
  else if (endsAt.getTime() - startsAt.getTime() > LONGEST_MEETING_DAYS * 86_400_000)
    issues.push({ path: 'endsAt', message: `A meeting lasts at most ${LONGEST_MEETING_DAYS} days.` });
  if (answerBy && answerBy > startsAt) issues.push({ path: 'answerBy', message: 'Answers are due before the meeting starts.' });
  return issues;
}

/** The label must release the meeting (or its statement, or a commitment) to every participant (or owner nation). */
export function checkAudience(
  label: Label,
  participants: string[],
  membership: ReadonlyMap<string, ReadonlySet<string>>,
  what = 'meeting',
  whom = 'participant',
): Issue[] {
  const audience = releasedNations(label, membership);
  const missing = participants.filter((n) => !audience.has(n));
  return missing.length === 0
    ? []
    : [{ path: 'label.relTo', message: `The label must release the ${what} to every ${whom}: add ${missing.join(', ')}.` }];
}

export async function createMeeting(ctx: Context, actor: UserActor, input: MeetingCreateRequest): Promise<string> {
  if (!may(actor, 'meeting.organise')) throw new AppError('FORBIDDEN', 'Your roles do not allow organising meetings.');
  const [label] = await validateLabels(ctx, actor, 'meeting', [{ path: 'label', input: input.label }], 1);
  if (!label) throw new Error('unreachable');
  const participants = participantsWith(actor.nation.code, input.participants);
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  const answerBy = input.answerBy ? new Date(input.answerBy) : null;
  const issues = [
    ...checkTimes(startsAt, endsAt, answerBy),
    ...checkAudience(label, participants, await communityMembership(ctx.database.db, actor)),
  ];
  if (issues.length > 0) refuse('The meeting cannot be organised as sent.', issues);
  const now = ctx.clock.now();
  const id = ctx.ids.uuid();
  await ctx.database.transaction(async (tx) => {
    await meetingRepository(tx.db).insert({
      id,
      version: 1,
      home_node: null,
      title: input.title,
      kind: input.kind,
      summary: input.summary,
      venue: JSON.stringify(input.venue),
      time_zone: input.timeZone,
      starts_at: startsAt,
      ends_at: endsAt,
      participants,
      answer_by: answerBy,
      status: 'planned',
      created_by: actor.user.id,
      created_at: now,
      updated_at: now,
      ...labelToColumns(label),
    });
    await changeRepository(tx.db).record([{ at: now, record_kind: 'meeting', record_id: id, version: 1, change: 'create' }]);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'meeting.create', target: { kind: 'meeting', id }, details: { participants, relTo: label.relTo } },
    ]);
  });
  return id;
}

/** Refuses an actor who may not `need` the meeting (organise it, or attend it), saying why. */
function requireMay(actor: UserActor, meeting: MeetingRow, need: 'organise' | 'attend'): void {
  if (meeting.status !== 'planned') throw new AppError('CONFLICT', 'The meeting was cancelled: it takes no more changes.');
  if (!meetingPermissions(actor, meeting)[need])
    throw new AppError(
      'FORBIDDEN',
      need === 'organise'
        ? meeting.home_node !== null
          ? 'This meeting is run by its host nation’s node: change it there.'
          : 'Only the host nation’s organisers change a meeting, its agenda and its minutes.'
        : 'Only the invited nations’ delegates answer the invitation and name a delegation.',
    );
}

/** The meeting as the actor may read it, and may `need` it, before anything is written; a meeting they may not read is a missing one. */
export async function meetingToWrite(ctx: Context, actor: UserActor, id: string, need: 'organise' | 'attend'): Promise<MeetingRow> {
  const meeting = await meetingRepository(ctx.database.db).findReadable(id, actor.reader);
  if (!meeting) throw AppError.notFound('meeting');
  requireMay(actor, meeting, need);
  return meeting;
}

/**
 * Locks a meeting for a write and checks again that the actor may read it and `need` it, and that
 * it is still at `expected` (the version the write was checked against). Readability is asked
 * before the lock, so nobody waits on — and so learns of — a meeting they may not read.
 */
export async function meetingForWrite(tx: Transaction, actor: UserActor, id: string, need: 'organise' | 'attend', expected?: number) {
  const repo = meetingRepository(tx.db);
  if (!(await repo.findReadable(id, actor.reader))) throw AppError.notFound('meeting');
  await repo.forUpdate(id);
  const meeting = await repo.findReadable(id, actor.reader);
  if (!meeting) throw AppError.notFound('meeting');
  requireMay(actor, meeting, need);
  if (expected !== undefined && expected !== meeting.version)
    throw new AppError('CONFLICT', `The meeting is at version ${meeting.version}, not ${expected}: reload it and try again.`);
  return meeting;
}

/**
 * A label checked outside any transaction: checking reads the directory and audits a refusal
 * through the node's own connection (on the embedded database, its only one).
 */
export async function checkedLabel(ctx: Context, actor: UserActor, kind: string, input: LabelInput, version: number): Promise<Label> {
  const [label] = await validateLabels(ctx, actor, kind, [{ path: 'label', input }], version);
  if (!label) throw new Error('unreachable');
  return label;
}

/** A record changed between the read its write was checked against and the write. */
export const changedMeanwhile = (what: string) =>
  new AppError('CONFLICT', `The ${what} changed while this was being saved: reload it and try again.`);

/**
 * A nation's own word on a meeting (its answer, its delegation) and the host's minutes of an item
 * are read by everyone of that nation who may read what they hang on — so whoever of the nation
 * rewrites one can read the version they replace: no higher classification than the parent's, no
 * caveat beyond its, TLP:CLEAR or GREEN.
 */
export function checkNationWide(label: Label, parent: Label, what: string, parentNoun: string): void {
  const issues: Issue[] = [];
  if (classificationRank(label.classification) > classificationRank(parent.classification))
    issues.push({ path: 'label.classification', message: `At most ${parent.classification}, the ${parentNoun}’s.` });
  const extra = label.caveats.filter((c) => !parent.caveats.includes(c));
  if (extra.length > 0) issues.push({ path: 'label.caveats', message: `Only the ${parentNoun}’s caveats: not ${extra.join(', ')}.` });
  if (label.tlp !== 'CLEAR' && label.tlp !== 'GREEN') issues.push({ path: 'label.tlp', message: 'TLP:CLEAR or TLP:GREEN.' });
  if (issues.length > 0)
    throw new AppError(
      'VALIDATION_FAILED',
      `${what} is read by everyone of your nation who may read the ${parentNoun}: its label may not be stricter than the ${parentNoun}’s.`,
      issues,
    );
}

export async function updateMeeting(ctx: Context, actor: UserActor, id: string, input: MeetingUpdateRequest, ifMatch?: number) {
  const before = await meetingToWrite(ctx, actor, id, 'organise');
  const expected = ifMatch ?? before.version;
  const version = expected + 1;
  const label = input.label ? await checkedLabel(ctx, actor, 'meeting', input.label, version) : null;
  await ctx.database.transaction(async (tx) => {
    const meeting = await meetingForWrite(tx, actor, id, 'organise', expected);
    const next = label ?? { ...labelFromColumns(meeting), version };
    const participants = input.participants ? participantsWith(meeting.originator_nation, input.participants) : meeting.participants;
    const startsAt = input.startsAt ? new Date(input.startsAt) : new Date(meeting.starts_at);
    const endsAt = input.endsAt ? new Date(input.endsAt) : new Date(meeting.ends_at);
    const answerBy = input.answerBy !== undefined ? (input.answerBy ? new Date(input.answerBy) : null) : meeting.answer_by;
    const issues = [
      ...checkTimes(startsAt, endsAt, answerBy && new Date(answerBy)),
      ...checkAudience(next, participants, await communityMembership(tx.db, actor)),
    ];
    if (issues.length > 0) refuse('The meeting cannot be changed as sent.', issues);
    const now = ctx.clock.now();
    await meetingRepository(tx.db).update(id, {
      version,
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
      ...(input.summary !== undefined ? { summary: input.summary } : {}),
      ...(input.venue !== undefined ? { venue: JSON.stringify(input.venue) } : {}),
      ...(input.timeZone !== undefined ? { time_zone: input.timeZone } : {}),
      starts_at: startsAt,
      ends_at: endsAt,
      answer_by: answerBy,
      participants,
      updated_at: now,
      ...labelToColumns(next),
    });
    await changeRepository(tx.db).record([{ at: now, record_kind: 'meeting', record_id: id, version, change: 'update' }]);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'meeting.update', target: { kind: 'meeting', id }, details: { version, fields: Object.keys(input) } },
    ]);
  });
}

export async function cancelMeeting(ctx: Context, actor: UserActor, id: string): Promise<void> {
  await ctx.database.transaction(async (tx) => {
    const meeting = await meetingForWrite(tx, actor, id, 'organise');
    const version = meeting.version + 1;
    const now = ctx.clock.now();
    await meetingRepository(tx.db).update(id, { version, status: 'cancelled', updated_at: now, label_version: version });
    await changeRepository(tx.db).record([{ at: now, record_kind: 'meeting', record_id: id, version, change: 'cancel' }]);
    await appendAudit(tx.db, ctx.clock, actor, [{ action: 'meeting.cancel', target: { kind: 'meeting', id }, details: { version } }]);
  });
}

export async function getMeeting(ctx: Context, actor: UserActor, id: string): Promise<MeetingRow> {
  const repo = meetingRepository(ctx.database.db);
  return readRecordOrRefuse(ctx, actor, 'meeting', id, {
    findReadable: () => repo.findReadable(id, actor.reader),
    exists: () => repo.exists('meeting', id),
  });
}

export async function listMeetings(
  ctx: Context,
  actor: UserActor,
  query: { limit: number; cursor?: string | undefined; from?: string | undefined },
) {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await meetingRepository(ctx.database.db).listReadable(
    actor.reader,
    query.limit + 1,
    after,
    query.from ? new Date(query.from) : null,
  );
  const page = pageFromRows(rows, query.limit, (row) => row.starts_at);
  await recordListDisclosure(ctx, actor, 'meeting', page.items);
  return page;
}

/**
 * What hangs on a meeting (already read by `actor`), as the actor may read it: answers,
 * delegations, the agenda with its minutes and files, and the items the actor may attach files to.
 */
export async function meetingParts(ctx: Context, actor: UserActor, meeting: MeetingRow) {
  const repo = meetingRepository(ctx.database.db);
  const [answers, delegations, agenda, minutes, attachments] = await Promise.all([
    repo.answersOf(actor.reader, meeting.id),
    repo.delegationsOf(actor.reader, meeting.id),
    repo.agendaOf(actor.reader, meeting.id),
    repo.minutesOf(actor.reader, meeting.id),
    agendaAttachmentRepository(ctx.database.db).ofMeeting(actor.reader, meeting.id),
  ]);
  const attachable = new Set(agenda.filter((item) => mayAttach(actor, meeting, item)).map((item) => item.id));
  return { answers, delegations, agenda, minutes: new Map(minutes.map((m) => [m.agenda_item_id, m])), attachments, attachable };
}

/**
 * The label a participant's record takes when its writer names none: the classification and caveats
 * of the meeting (or exercise) it belongs to, released to its participants, TLP:GREEN.
 */
export function participantsAudience(parent: LabelColumns & { participants: string[] }): LabelInput {
  return {
    classification: labelFromColumns(parent).classification,
    relTo: parent.participants,
    caveats: parent.caveats,
    tlp: 'GREEN',
    recipients: { orgs: [], users: [] },
  };
}

/**
 * Writes the actor's nation's own record of a meeting — its answer or its delegation, one per
 * nation, a new version each time — under the given label, or the one it has, or for a first one
 * the meeting's audience. The label must reach the host nation, or the host could not see it, and
 * stay readable by everyone of the nation who may read the meeting (checkNationWide).
 */
async function writeParticipantRecord(
  ctx: Context,
  actor: UserActor,
  meetingId: string,
  kind: 'meeting-answer' | 'delegation',
  labelInput: LabelInput | undefined,
  write: (tx: Transaction, record: { id: string; version: number; now: Date; label: Label; isNew: boolean }) => Promise<void>,
): Promise<string> {
  const heldFor = (db: Transaction['db']) => {
    const repo = meetingRepository(db);
    return kind === 'meeting-answer' ? repo.answerOf(meetingId, actor.nation.code) : repo.delegationOf(meetingId, actor.nation.code);
  };
  const meeting = await meetingToWrite(ctx, actor, meetingId, 'attend');
  const existing = await heldFor(ctx.database.db);
  if (existing && !canRead(actor.reader, labelFromColumns(existing)))
    throw new AppError('FORBIDDEN', 'Only people of the nation who may read its word on the meeting change it.');
  const version = (existing?.version ?? 0) + 1;
  const what = kind === 'meeting-answer' ? 'Your nation’s answer' : 'Your nation’s delegation';
  const label = await checkedLabel(
    ctx,
    actor,
    kind,
    labelInput ?? (existing ? storedLabel(labelFromColumns(existing)) : participantsAudience(meeting)),
    version,
  );
  checkNationWide(label, labelFromColumns(meeting), what, 'meeting');
  const host = meeting.originator_nation;
  if (!releasedNations(label, await communityMembership(ctx.database.db, actor)).has(host))
    throw new AppError('VALIDATION_FAILED', `The host nation ${host} must be able to read it.`, [
      { path: 'label.relTo', message: `Add ${host}.` },
    ]);
  return ctx.database.transaction(async (tx) => {
    await meetingForWrite(tx, actor, meetingId, 'attend');
    const now = await heldFor(tx.db);
    if ((now?.version ?? 0) !== (existing?.version ?? 0)) throw changedMeanwhile(kind === 'meeting-answer' ? 'answer' : 'delegation');
    const id = existing?.id ?? ctx.ids.uuid();
    await write(tx, { id, version, now: ctx.clock.now(), label, isNew: !existing });
    return id;
  });
}

/** Answers a meeting's invitation for the actor's nation (again: the answer changes). */
export function answerInvitation(ctx: Context, actor: UserActor, meetingId: string, input: InvitationAnswerRequest): Promise<string> {
  return writeParticipantRecord(ctx, actor, meetingId, 'meeting-answer', input.label, async (tx, { id, version, now, label, isNew }) => {
    const repo = meetingRepository(tx.db);
    const row = { version, answer: input.answer, note: input.note, answered_by: actor.user.id, answered_at: now, ...labelToColumns(label) };
    if (isNew) await repo.insertAnswer({ id, meeting_id: meetingId, ...row });
    else await repo.updateAnswer(id, row);
    await changeRepository(tx.db).record([{ at: now, record_kind: 'meeting-answer', record_id: id, version, change: input.answer }]);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'meeting.answer', target: { kind: 'meeting-answer', id }, details: { meeting: meetingId, answer: input.answer } },
    ]);
  });
}

/** Names (or renames) the actor's nation's delegation to a meeting. */
export function writeDelegation(ctx: Context, actor: UserActor, meetingId: string, input: DelegationRequest): Promise<string> {
  return writeParticipantRecord(ctx, actor, meetingId, 'delegation', input.label, async (tx, { id, version, now, label, isNew }) => {
    const repo = meetingRepository(tx.db);
    const row = {
      version,
      head: JSON.stringify(input.head),
      members: JSON.stringify(input.members),
      updated_by: actor.user.id,
      updated_at: now,
      ...labelToColumns(label),
    };
    if (isNew) await repo.insertDelegation({ id, meeting_id: meetingId, ...row });
    else await repo.updateDelegation(id, row);
    await changeRepository(tx.db).record([
      { at: now, record_kind: 'delegation', record_id: id, version, change: isNew ? 'create' : 'update' },
    ]);
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action: 'meeting.delegation',
        target: { kind: 'delegation', id },
        details: { meeting: meetingId, members: input.members.length + 1 },
      },
    ]);
  });
}

/** An item's slot lies within its meeting and ends after it starts. */
function checkSlot(meeting: MeetingRow, slotStart: Date | null, slotEnd: Date | null): Issue[] {
  const issues: Issue[] = [];
  const starts = new Date(meeting.starts_at);
  const ends = new Date(meeting.ends_at);
  if (slotStart && (slotStart < starts || slotStart >= ends))
    issues.push({ path: 'slotStart', message: `The slot lies within the meeting (${starts.toISOString()} to ${ends.toISOString()}).` });
  if (slotEnd && (slotEnd <= starts || slotEnd > ends))
    issues.push({ path: 'slotEnd', message: `The slot lies within the meeting (${starts.toISOString()} to ${ends.toISOString()}).` });
  if (slotStart && slotEnd && slotEnd <= slotStart) issues.push({ path: 'slotEnd', message: 'The slot must end after it starts.' });
  return issues;
}

/** The place after item `after` (null: first; undefined: last) among a meeting's items. */
async function positionAfter(tx: Transaction, actor: UserActor, meetingId: string, after: string | null | undefined, moving?: string) {
  const positions = (await meetingRepository(tx.db).positionsOf(meetingId)).filter((p) => p.id !== moving);
  if (after === undefined) return (positions.at(-1)?.position ?? 0) + 1;
  if (after === null) return (positions[0]?.position ?? 1) - 1;
  const at = positions.findIndex((p) => p.id === after);
  if (at < 0 || !(await meetingRepository(tx.db).findItemReadable(after, actor.reader)))
    throw new AppError('VALIDATION_FAILED', 'No agenda item of this meeting with this id.', [
      { path: 'after', message: 'Not an item of this meeting you may read.' },
    ]);
  const next = positions[at + 1];
  return next ? (positions[at]!.position + next.position) / 2 : positions[at]!.position + 1;
}

function checkOwner(meeting: MeetingRow, ownerNation: string): Issue[] {
  return meeting.participants.includes(ownerNation)
    ? []
    : [{ path: 'ownerNation', message: `One of the meeting’s nations: ${meeting.participants.join(', ')}.` }];
}

export async function addAgendaItem(ctx: Context, actor: UserActor, meetingId: string, input: AgendaItemCreateRequest): Promise<string> {
  const before = await meetingToWrite(ctx, actor, meetingId, 'organise');
  const label = await checkedLabel(ctx, actor, 'agenda-item', input.label ?? participantsAudience(before), 1);
  return ctx.database.transaction(async (tx) => {
    const meeting = await meetingForWrite(tx, actor, meetingId, 'organise');
    const slotStart = input.slotStart ? new Date(input.slotStart) : null;
    const slotEnd = input.slotEnd ? new Date(input.slotEnd) : null;
    const issues = [...checkOwner(meeting, input.ownerNation), ...checkSlot(meeting, slotStart, slotEnd)];
    if (issues.length > 0) refuse('The agenda item cannot be added as sent.', issues);
    const now = ctx.clock.now();
    const id = ctx.ids.uuid();
    await meetingRepository(tx.db).insertItem({
      id,
      meeting_id: meetingId,
      version: 1,
      position: await positionAfter(tx, actor, meetingId, input.after),
      title: input.title,
      description: input.description,
      owner_nation: input.ownerNation,
      slot_start: slotStart,
      slot_end: slotEnd,
      updated_by: actor.user.id,
      updated_at: now,
      ...labelToColumns(label),
    });
    await changeRepository(tx.db).record([{ at: now, record_kind: 'agenda-item', record_id: id, version: 1, change: 'create' }]);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'meeting.agenda', target: { kind: 'agenda-item', id }, details: { meeting: meetingId, relTo: label.relTo } },
    ]);
    return id;
  });
}

/** An agenda item the actor may read and organise, before anything is written (with its meeting); one they may not read is a missing one. */
async function itemToWrite(ctx: Context, actor: UserActor, itemId: string) {
  const item = await meetingRepository(ctx.database.db).findItemReadable(itemId, actor.reader);
  if (!item) throw AppError.notFound('agenda item');
  return { item, meeting: await meetingToWrite(ctx, actor, item.meeting_id, 'organise') };
}

/**
 * An agenda item the actor may read, with its meeting locked for a write by its organisers, and
 * read again under the lock: still readable, and still at `expected` if given.
 */
async function itemForWrite(tx: Transaction, actor: UserActor, itemId: string, expected?: number) {
  const repo = meetingRepository(tx.db);
  const readable = await repo.findItemReadable(itemId, actor.reader);
  if (!readable) throw AppError.notFound('agenda item');
  const meeting = await meetingForWrite(tx, actor, readable.meeting_id, 'organise');
  const item = (await repo.itemForUpdate(itemId)) && (await repo.findItemReadable(itemId, actor.reader));
  if (!item) throw AppError.notFound('agenda item');
  if (expected !== undefined && expected !== item.version)
    throw new AppError('CONFLICT', `The agenda item is at version ${item.version}, not ${expected}: reload it and try again.`);
  return { meeting, item };
}

export async function updateAgendaItem(ctx: Context, actor: UserActor, itemId: string, input: AgendaItemUpdateRequest, ifMatch?: number) {
  const { item: before } = await itemToWrite(ctx, actor, itemId);
  const expected = ifMatch ?? before.version;
  const version = expected + 1;
  const label = input.label ? await checkedLabel(ctx, actor, 'agenda-item', input.label, version) : null;
  await ctx.database.transaction(async (tx) => {
    const { meeting, item } = await itemForWrite(tx, actor, itemId, expected);
    const slotStart =
      input.slotStart !== undefined ? (input.slotStart ? new Date(input.slotStart) : null) : item.slot_start && new Date(item.slot_start);
    const slotEnd =
      input.slotEnd !== undefined ? (input.slotEnd ? new Date(input.slotEnd) : null) : item.slot_end && new Date(item.slot_end);
    const issues = [...checkOwner(meeting, input.ownerNation ?? item.owner_nation), ...checkSlot(meeting, slotStart, slotEnd)];
    if (issues.length > 0) refuse('The agenda item cannot be changed as sent.', issues);
    const now = ctx.clock.now();
    await meetingRepository(tx.db).updateItem(itemId, {
      version,
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.ownerNation !== undefined ? { owner_nation: input.ownerNation } : {}),
      ...(input.after !== undefined ? { position: await positionAfter(tx, actor, meeting.id, input.after, itemId) } : {}),
      slot_start: slotStart,
      slot_end: slotEnd,
      updated_by: actor.user.id,
      updated_at: now,
      ...labelToColumns(label ?? { ...labelFromColumns(item), version }),
    });
    await changeRepository(tx.db).record([{ at: now, record_kind: 'agenda-item', record_id: itemId, version, change: 'update' }]);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'meeting.agenda', target: { kind: 'agenda-item', id: itemId }, details: { version, fields: Object.keys(input) } },
    ]);
  });
}

/**
 * Writes an agenda item's minutes (a draft, the host's secretariat's): under the given label, or
 * the one they have, or for first minutes the item's audience; readable by everyone of the host
 * nation who may read the item (checkNationWide).
 */
export async function writeMinutes(ctx: Context, actor: UserActor, itemId: string, input: MinutesWriteRequest): Promise<string> {
  const { item, meeting } = await itemToWrite(ctx, actor, itemId);
  const held = (db: Transaction['db']) => meetingRepository(db).minutesOfItem(itemId, actor.nation.code);
  const existing = await held(ctx.database.db);
  if (existing && !canRead(actor.reader, labelFromColumns(existing)))
    throw new AppError('FORBIDDEN', 'Only people of the host nation who may read an item’s minutes change them.');
  if (existing?.status === 'adopted') throw new AppError('CONFLICT', 'These minutes were adopted: they are no longer changed.');
  const version = (existing?.version ?? 0) + 1;
  const itemLabel = labelFromColumns(item);
  const label = await checkedLabel(
    ctx,
    actor,
    'minutes',
    input.label ??
      (existing
        ? storedLabel(labelFromColumns(existing))
        : { ...storedLabel(itemLabel), tlp: itemLabel.tlp === 'CLEAR' ? 'CLEAR' : 'GREEN', recipients: { orgs: [], users: [] } }),
    version,
  );
  checkNationWide(label, itemLabel, 'The minutes', 'agenda item');
  return ctx.database.transaction(async (tx) => {
    await itemForWrite(tx, actor, itemId);
    // Under the meeting's lock, which putting minutes to adoption takes too.
    const adoption = await statementRepository(tx.db).openMinutesAdoption(meeting.id);
    if (adoption?.minutes_of?.some((m) => m.agendaItemId === itemId))
      throw new AppError(
        'CONFLICT',
        `These minutes are under adoption (statement ${adoption.id}): propose a correction there, or withdraw it to change them here.`,
      );
    const repo = meetingRepository(tx.db);
    const now = await held(tx.db);
    if ((now?.version ?? 0) !== (existing?.version ?? 0)) throw changedMeanwhile('minutes');
    const at = ctx.clock.now();
    const id = existing?.id ?? ctx.ids.uuid();
    const row = { version, text: input.text, status: 'draft', updated_by: actor.user.id, updated_at: at, ...labelToColumns(label) };
    if (existing) await repo.updateMinutes(id, row);
    else await repo.insertMinutes({ id, agenda_item_id: itemId, meeting_id: meeting.id, ...row });
    await changeRepository(tx.db).record([{ at, record_kind: 'minutes', record_id: id, version, change: existing ? 'update' : 'create' }]);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'meeting.minutes', target: { kind: 'minutes', id }, details: { meeting: meeting.id, item: itemId, version } },
    ]);
    return id;
  });
}

export async function getAnswer(ctx: Context, actor: UserActor, id: string) {
  const repo = meetingRepository(ctx.database.db);
  return readRecordOrRefuse(ctx, actor, 'meeting-answer', id, {
    findReadable: () => repo.findAnswerReadable(id, actor.reader),
    exists: () => repo.exists('meeting-answer', id),
  });
}

export async function getDelegation(ctx: Context, actor: UserActor, id: string) {
  const repo = meetingRepository(ctx.database.db);
  return readRecordOrRefuse(ctx, actor, 'delegation', id, {
    findReadable: () => repo.findDelegationReadable(id, actor.reader),
    exists: () => repo.exists('delegation', id),
  });
}

/** One agenda item with its number among the items of its meeting the actor may read, its minutes if readable, and its files the actor may read. */
export async function getAgendaItem(
  ctx: Context,
  actor: UserActor,
  id: string,
): Promise<{ item: AgendaItemRow; number: number; minutes: MinutesRow | null; attachments: AgendaAttachmentRow[]; meeting: MeetingRow }> {
  const repo = meetingRepository(ctx.database.db);
  const item = await readRecordOrRefuse(ctx, actor, 'agenda-item', id, {
    findReadable: () => repo.findItemReadable(id, actor.reader),
    exists: () => repo.exists('agenda-item', id),
  });
  const [agenda, minutes, meeting, attachments] = await Promise.all([
    repo.agendaOf(actor.reader, item.meeting_id),
    repo.minutesOf(actor.reader, item.meeting_id),
    repo.findReadable(item.meeting_id, actor.reader),
    agendaAttachmentRepository(ctx.database.db).ofItem(actor.reader, id),
  ]);
  if (!meeting) throw AppError.notFound('agenda item');
  return {
    item,
    number: agenda.findIndex((i) => i.id === id) + 1,
    minutes: minutes.find((m) => m.agenda_item_id === id) ?? null,
    attachments,
    meeting,
  };
}

export async function getMinutes(ctx: Context, actor: UserActor, id: string): Promise<{ minutes: MinutesRow; meeting: MeetingRow }> {
  const repo = meetingRepository(ctx.database.db);
  const minutes = await readRecordOrRefuse(ctx, actor, 'minutes', id, {
    findReadable: () => repo.findMinutesReadable(id, actor.reader),
    exists: () => repo.exists('minutes', id),
  });
  const meeting = await repo.findReadable(minutes.meeting_id, actor.reader);
  if (!meeting) throw AppError.notFound('minutes');
  return { minutes, meeting };
}
