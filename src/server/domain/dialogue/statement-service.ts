/**
 * Joint statements (docs/decisions/0043). The host nation holds the pen: its organisers draft the
 * text clause by clause on the host's node, each change a new version of the clause (and of the
 * text), and decide the amendments the participants propose. Each participating nation gives its
 * positions — on each clause and on the whole, on a version of each — from the node that speaks for
 * it, which signs them; only its delegation head (`statement.concur`) gives them. A change to a
 * clause voids the positions given on it (and on the whole), visibly: they were on another version.
 *
 * The procedure is the host node's to run, worked out from the records alone (concurrence.ts): the
 * text is adopted when every participant concurs on every clause and on the whole, or when a
 * silence ends with no objection — the deadline passed on the host's clock and a signed word dated
 * after it held from every other participant's node. Adoption freezes the text into a document the
 * host's node signs (statement-document.ts). Writes to one statement are serialised on its row.
 */
import { may } from '../policy/policy';
import { canRead } from '../../../shared/labels/read-rule';
import { labelFromColumns, labelToColumns } from '../../../shared/labels/label-columns';
import { changeRepository } from '../../db/repositories/change-repository';
import { meetingRepository } from '../../db/repositories/meeting-repository';
import { statementRepository } from '../../db/repositories/statement-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { readRecordOrRefuse, recordListDisclosure } from '../audit/record-reads';
import { decodeCursor, pageFromRows } from '../keyset-cursor';
import { systemActor } from '../auth/actor';
import { communityMembership } from '../directory/directory-service';
import { storedLabel, validateLabels } from '../release/release-workflow';
import { adoptedByConcurrence, concurrenceMatrix, objections, silenceState } from './concurrence';
import { changedMeanwhile, checkAudience, checkNationWide, meetingPermissions } from './meeting-service';
import { clauseDigest, positionPayload, signDocument, signedBy, textDigest, translationPayload, wordPayload } from './statement-document';
import type { PositionFact } from './concurrence';
import type {
  AmendmentEntry,
  AmendmentRequest,
  Clause,
  ClauseAddRequest,
  ClauseUpdateRequest,
  CommentRequest,
  DecisionRequest,
  Entry,
  PositionEntry,
  PositionsRequest,
  Procedure,
  Silence,
  SilenceRequest,
  StatementCreateRequest,
  StatementDocument,
  StatementLanguage,
  StatementUpdateRequest,
  Translation,
  TranslationRequest,
  WordEntry,
} from '../../../shared/contracts/statements';
import type { Label, LabelInput } from '../../../shared/labels/label';
import type { Context } from '../../context';
import type { Transaction } from '../../db/database';
import type { MeetingRow } from '../../db/repositories/meeting-repository';
import type { StatementPositionRow, StatementRow } from '../../db/repositories/statement-repository';
import type { Actor, UserActor } from '../auth/actor';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';

/** The longest a silence may run, and the shortest. */
const LONGEST_SILENCE_DAYS = 90;
/** What one statement holds at most: a nation's entries and the pen-holder's decisions (as partners accept them). */
const MAX_ENTRIES = 20_000;
const MAX_DECISIONS = 5_000;
const SHORTEST_SILENCE_MINUTES = 1;

type Need = 'draft' | 'concur' | 'amend' | 'translate' | 'publish';

const NO_PROCEDURE: Procedure = { waitingFor: [], broken: null };

/** Who the procedure's own changes are audited as. */
const PROCEDURE = systemActor('statement procedure');

/**
 * Whether this node speaks for `nation` on a statement: it is the node's own nation; or, on a
 * statement this node hosts, the nation has no node of its own among this node's peers (its people
 * work here). A nation with a node of its own gives its word there, signed by that node; no other
 * node signs for it.
 */
export async function speaksFor(
  ctx: Context,
  db: Kysely<DB>,
  nation: string,
  statement: Pick<StatementRow, 'home_node'>,
): Promise<boolean> {
  if (nation === ctx.node.nation) return true;
  // On a partner's statement, only the nation's own node speaks for it: two nodes must never both sign a nation's word.
  if (statement.home_node !== null) return false;
  return !(await statementRepository(db).nationHasNode(nation));
}

/** What the actor may do with a statement (and its meeting, already read by them). */
export function statementPermissions(
  actor: UserActor,
  statement: Pick<StatementRow, 'home_node' | 'originator_nation' | 'status' | 'state' | 'participants' | 'minutes_of'>,
  meeting: MeetingRow,
  speaks: boolean,
) {
  const open =
    (statement.status === 'drafting' || statement.status === 'silence') &&
    statement.state === 'active' &&
    meeting.status === 'planned' &&
    meeting.state === 'active';
  const participant = statement.participants.includes(actor.nation.code) && may(actor, 'meeting.attend');
  const hostHere = statement.home_node === null && statement.originator_nation === actor.nation.code && statement.state === 'active';
  const adopted = statement.status === 'adopted';
  return {
    draft: open && hostHere && meetingPermissions(actor, meeting).organise,
    translate: adopted && hostHere && may(actor, 'meeting.organise'),
    // Adopted minutes are the participants' record of the meeting: never released publicly.
    publish: adopted && hostHere && !statement.minutes_of && may(actor, 'record.release'),
    concur: open && participant && speaks && may(actor, 'statement.concur'),
    amend: open && participant && speaks,
  };
}

const clausesOf = (row: Pick<StatementRow, 'clauses'>): Clause[] => row.clauses;
const entriesOf = (row: Pick<StatementPositionRow, 'entries'>): Entry[] => row.entries;

/** The statement's text as its digest covers it. */
const textOf = (row: Pick<StatementRow, 'id' | 'title' | 'preamble' | 'clauses'>) => ({
  id: row.id,
  title: row.title,
  preamble: row.preamble,
  clauses: clausesOf(row),
});

/** Refuses a write `need` does not allow, saying why. */
function requireMay(actor: UserActor, statement: StatementRow, meeting: MeetingRow, speaks: boolean, need: Need): void {
  if (need === 'translate' || need === 'publish') {
    if (statement.status !== 'adopted') throw new AppError('CONFLICT', 'Only an adopted statement is translated or released publicly.');
    if (need === 'publish' && statement.minutes_of)
      throw new AppError('CONFLICT', 'Adopted minutes are the participants’ record of the meeting: they are not released publicly.');
    if (statementPermissions(actor, statement, meeting, speaks)[need]) return;
    throw new AppError(
      'FORBIDDEN',
      statement.home_node !== null
        ? 'This statement is run by its host nation’s node: do it there.'
        : need === 'translate'
          ? 'Only the host nation’s organisers add translations.'
          : 'Only a releasing officer of the host nation releases a statement publicly.',
    );
  }
  if (statement.status === 'adopted') throw new AppError('CONFLICT', 'The statement was adopted: its text is frozen.');
  if (statement.status === 'withdrawn') throw new AppError('CONFLICT', 'The statement was withdrawn: it takes no more changes.');
  if (meeting.status !== 'planned') throw new AppError('CONFLICT', 'The meeting was cancelled: its statements take no more changes.');
  if (statementPermissions(actor, statement, meeting, speaks)[need]) return;
  if (need === 'draft')
    throw new AppError(
      'FORBIDDEN',
      statement.home_node !== null
        ? 'This statement is run by its host nation’s node: change it there.'
        : 'Only the host nation’s organisers (its pen-holder) change the text.',
    );
  if (!statement.participants.includes(actor.nation.code) || !may(actor, 'meeting.attend'))
    throw new AppError('FORBIDDEN', 'Only the delegates of the nations taking part in the statement give positions, amend and comment.');
  if (!speaks) throw new AppError('FORBIDDEN', `${actor.nation.code} gives its word on its own node: give it there.`);
  throw new AppError('FORBIDDEN', 'Only a person holding the nation’s authority (its head of delegation) gives the nation’s positions.');
}

/** The statement and its meeting as the actor may read them; either unreadable is a missing statement. */
async function readable(db: Kysely<DB>, actor: UserActor, id: string) {
  const statement = await statementRepository(db).findReadable(id, actor.reader);
  const meeting = statement && (await meetingRepository(db).findReadable(statement.meeting_id, actor.reader));
  if (!statement || !meeting) throw AppError.notFound('statement');
  return { statement, meeting };
}

/**
 * Locks a statement for a write and checks, under the lock, that the actor may still read it and
 * `need` it. Readability is asked before the lock, so nobody waits on — and so learns of — a
 * statement they may not read.
 */
async function statementForWrite(ctx: Context, tx: Transaction, actor: UserActor, id: string, need: Need) {
  await readable(tx.db, actor, id);
  await statementRepository(tx.db).heldForUpdate(id);
  const { statement, meeting } = await readable(tx.db, actor, id);
  requireMay(actor, statement, meeting, await speaksFor(ctx, tx.db, actor.nation.code, statement), need);
  return { statement, meeting };
}

/** What a new version of a statement changes. */
interface StatementChange {
  title?: string;
  preamble?: string;
  clauses?: Clause[];
  text_version?: number;
  status?: StatementRow['status'];
  silence?: Silence | null;
  procedure?: Procedure;
  decisions?: StatementRow['decisions'];
  adopted?: StatementDocument;
  translations?: Translation[];
  public?: { at: Date; by: string } | null;
}

/** A new version of the statement, written by a person or by the node itself (the procedure): its row, a change record, the audit. */
async function saved(
  ctx: Context,
  tx: Transaction,
  actor: Actor,
  statement: StatementRow,
  change: string,
  set: StatementChange,
  details: object,
) {
  const version = statement.version + 1;
  const now = ctx.clock.now();
  const json = (value: unknown) => JSON.stringify(value);
  await statementRepository(tx.db).update(statement.id, {
    ...(set.title !== undefined ? { title: set.title } : {}),
    ...(set.preamble !== undefined ? { preamble: set.preamble } : {}),
    ...(set.clauses ? { clauses: json(set.clauses) } : {}),
    ...(set.text_version !== undefined ? { text_version: set.text_version } : {}),
    ...(set.status ? { status: set.status } : {}),
    // A silence started here is learnt of here at once.
    ...(set.silence !== undefined
      ? { silence: set.silence === null ? null : json(set.silence), silence_seen_at: set.silence ? now : null }
      : {}),
    ...(set.procedure ? { procedure: json(set.procedure) } : {}),
    ...(set.decisions ? { decisions: json(set.decisions) } : {}),
    ...(set.adopted ? { adopted: json(set.adopted), adopted_at: now } : {}),
    ...(set.translations ? { translations: json(set.translations) } : {}),
    ...(set.public !== undefined ? { public_at: set.public?.at ?? null, public_by: set.public?.by ?? null } : {}),
    version,
    label_version: version,
    updated_at: now,
  });
  await changeRepository(tx.db).record([{ at: now, record_kind: 'statement', record_id: statement.id, version, change }]);
  await appendAudit(tx.db, ctx.clock, actor, [
    { action: `statement.${change}`, target: { kind: 'statement', id: statement.id }, details: { version, ...details } },
  ]);
  return version;
}

/** Refuses a change of the text while it is under silence. */
function requireDrafting(statement: StatementRow): void {
  if (statement.status === 'silence') throw new AppError('CONFLICT', 'The text is under silence: call the silence off before changing it.');
}

/** Minutes keep one clause per agenda item, in agenda order: their clauses are corrected, never added, removed or moved. */
function requireStatementShape(statement: StatementRow): void {
  if (statement.minutes_of)
    throw new AppError(
      'CONFLICT',
      'These are minutes: each clause is an agenda item’s, so clauses are corrected, not added, removed or moved.',
    );
}

/**
 * Drafts a statement of a meeting. `minutes` (minutes-adoption.ts) chooses, under the meeting's lock
 * and knowing the statement's label, the minutes put to adoption: each clause's text and the agenda
 * item whose minutes it carries (the clauses sent are then ignored).
 */
export async function createStatement(
  ctx: Context,
  actor: UserActor,
  meetingId: string,
  input: StatementCreateRequest,
  minutes?: (tx: Transaction, label: Label) => Promise<{ texts: string[]; items: string[] }>,
): Promise<string> {
  const meeting = await meetingRepository(ctx.database.db).findReadable(meetingId, actor.reader);
  if (!meeting) throw AppError.notFound('meeting');
  if (!meetingPermissions(actor, meeting).organise)
    throw new AppError('FORBIDDEN', 'Only the host nation’s organisers, on its node, draft the meeting’s statements.');
  const [label] = await validateLabels(
    ctx,
    actor,
    'statement',
    [{ path: 'label', input: input.label ?? storedLabel(labelFromColumns(meeting)) }],
    1,
  );
  if (!label) throw new Error('unreachable');
  const issues = checkAudience(label, meeting.participants, await communityMembership(ctx.database.db, actor), 'statement');
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', 'The label must release the statement to every participant.', issues);
  const now = ctx.clock.now();
  const id = ctx.ids.uuid();
  const clause = (text: string): Clause => ({ id: ctx.ids.uuid(), version: 1, text, history: [] });
  await ctx.database.transaction(async (tx) => {
    if (!(await meetingRepository(tx.db).findReadable(meetingId, actor.reader))) throw AppError.notFound('meeting');
    if (minutes) await meetingRepository(tx.db).forUpdate(meetingId);
    const chosen = minutes ? await minutes(tx, label) : null;
    const clauses = (chosen?.texts ?? input.clauses).map(clause);
    checkClauseCount(clauses);
    await statementRepository(tx.db).insert({
      id,
      meeting_id: meetingId,
      version: 1,
      home_node: null,
      title: input.title,
      preamble: input.preamble,
      clauses: JSON.stringify(clauses),
      text_version: 1,
      status: 'drafting',
      silence: null,
      procedure: JSON.stringify(NO_PROCEDURE),
      decisions: JSON.stringify([]),
      adopted: null,
      adopted_at: null,
      language: input.language,
      participants: meeting.participants,
      minutes_of: chosen ? JSON.stringify(clauses.map((c, i) => ({ clauseId: c.id, agendaItemId: chosen.items[i]! }))) : null,
      created_by: actor.user.id,
      created_at: now,
      updated_at: now,
      ...labelToColumns(label),
    });
    await changeRepository(tx.db).record([{ at: now, record_kind: 'statement', record_id: id, version: 1, change: 'create' }]);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'statement.create', target: { kind: 'statement', id }, details: { meeting: meetingId, clauses: clauses.length } },
    ]);
  });
  return id;
}

/** Changes the title or preamble: a new version of the text. */
export async function updateStatement(ctx: Context, actor: UserActor, id: string, input: StatementUpdateRequest): Promise<void> {
  await ctx.database.transaction(async (tx) => {
    const { statement } = await statementForWrite(ctx, tx, actor, id, 'draft');
    requireDrafting(statement);
    const changed =
      (input.title !== undefined && input.title !== statement.title) ||
      (input.preamble !== undefined && input.preamble !== statement.preamble);
    if (!changed) return;
    await saved(
      ctx,
      tx,
      actor,
      statement,
      'update',
      { ...input, text_version: statement.text_version + 1 },
      { fields: Object.keys(input), textVersion: statement.text_version + 1 },
    );
  });
}

/** Refuses a statement that would hold more clauses than a statement may. */
function checkClauseCount(clauses: Clause[]): void {
  if (clauses.length > 500) throw new AppError('VALIDATION_FAILED', 'A statement holds at most 500 clauses.');
}

function clauseIndex(clauses: Clause[], clauseId: string): number {
  const at = clauses.findIndex((c) => c.id === clauseId);
  if (at < 0) throw new AppError('NOT_FOUND', 'No clause of this statement with this id.');
  return at;
}

/** Where a clause goes after `after` (a clause of the statement, named in the request's body). */
function afterIndex(clauses: Clause[], after: string): number {
  const at = clauses.findIndex((c) => c.id === after);
  if (at < 0)
    throw new AppError('VALIDATION_FAILED', 'No clause of this statement to put it after.', [
      { path: 'after', message: 'Another clause of this statement.' },
    ]);
  return at + 1;
}

export async function addClause(ctx: Context, actor: UserActor, id: string, input: ClauseAddRequest): Promise<string> {
  return ctx.database.transaction(async (tx) => {
    const { statement } = await statementForWrite(ctx, tx, actor, id, 'draft');
    requireDrafting(statement);
    requireStatementShape(statement);
    const clauses = [...clausesOf(statement)];
    const clause: Clause = { id: ctx.ids.uuid(), version: 1, text: input.text, history: [] };
    const at = input.after === undefined ? clauses.length : input.after === null ? 0 : afterIndex(clauses, input.after);
    clauses.splice(at, 0, clause);
    checkClauseCount(clauses);
    await saved(ctx, tx, actor, statement, 'clause', { clauses, text_version: statement.text_version + 1 }, { added: clause.id });
    return clause.id;
  });
}

/** A clause's new version (its former one kept in its history). */
const revised = (clause: Clause, text: string, at: Date): Clause => ({
  id: clause.id,
  version: clause.version + 1,
  text,
  history: [...clause.history, { version: clause.version, text: clause.text, at: at.toISOString() }].slice(-200),
});

/** Changes a clause's text: a new version of it, which voids the positions given on the one before. */
export async function updateClause(
  ctx: Context,
  actor: UserActor,
  id: string,
  clauseId: string,
  input: ClauseUpdateRequest,
): Promise<void> {
  await ctx.database.transaction(async (tx) => {
    const { statement } = await statementForWrite(ctx, tx, actor, id, 'draft');
    requireDrafting(statement);
    const clauses = [...clausesOf(statement)];
    const at = clauseIndex(clauses, clauseId);
    const clause = clauses[at]!;
    if (clause.version !== input.ofVersion)
      throw new AppError('CONFLICT', `Clause ${at + 1} is at version ${clause.version}, not ${input.ofVersion}: reload it and try again.`);
    if (clause.text === input.text) return;
    clauses[at] = revised(clause, input.text, ctx.clock.now());
    await saved(ctx, tx, actor, statement, 'clause', { clauses, text_version: statement.text_version + 1 }, { changed: clauseId });
  });
}

export async function removeClause(ctx: Context, actor: UserActor, id: string, clauseId: string): Promise<void> {
  await ctx.database.transaction(async (tx) => {
    const { statement } = await statementForWrite(ctx, tx, actor, id, 'draft');
    requireDrafting(statement);
    requireStatementShape(statement);
    const clauses = [...clausesOf(statement)];
    clauses.splice(clauseIndex(clauses, clauseId), 1);
    await saved(ctx, tx, actor, statement, 'clause', { clauses, text_version: statement.text_version + 1 }, { removed: clauseId });
  });
}

/** Moves a clause after another (null: first). */
export async function moveClause(ctx: Context, actor: UserActor, id: string, clauseId: string, after: string | null): Promise<void> {
  await ctx.database.transaction(async (tx) => {
    const { statement } = await statementForWrite(ctx, tx, actor, id, 'draft');
    requireDrafting(statement);
    requireStatementShape(statement);
    const clauses = [...clausesOf(statement)];
    const [clause] = clauses.splice(clauseIndex(clauses, clauseId), 1);
    clauses.splice(after === null ? 0 : afterIndex(clauses, after), 0, clause!);
    await saved(ctx, tx, actor, statement, 'clause', { clauses, text_version: statement.text_version + 1 }, { moved: clauseId });
  });
}

/**
 * The pen-holder's decision on an amendment a nation proposed: accepted, the clause takes its
 * wording as a new version; rejected, it stays. Each amendment is decided once; two proposed on
 * one clause are both kept until the pen-holder decides each.
 */
export async function decideAmendment(
  ctx: Context,
  actor: UserActor,
  id: string,
  amendmentId: string,
  input: DecisionRequest,
): Promise<void> {
  await ctx.database.transaction(async (tx) => {
    const { statement } = await statementForWrite(ctx, tx, actor, id, 'draft');
    requireDrafting(statement);
    const records = await statementRepository(tx.db).positionsOf(actor.reader, id);
    const found = records
      .filter((r) => r.originator_nation === input.nation)
      .flatMap((r) => entriesOf(r).map((e) => ({ nation: r.originator_nation, e })))
      .find((x): x is { nation: string; e: AmendmentEntry } => x.e.type === 'amendment' && x.e.id === amendmentId);
    if (!found) throw new AppError('NOT_FOUND', `No amendment of ${input.nation} to this statement with this id.`);
    const decisions = statement.decisions;
    if (decisions.some((d) => d.amendment === amendmentId && d.nation === input.nation))
      throw new AppError('CONFLICT', 'This amendment was already decided.');
    if (decisions.length >= MAX_DECISIONS) throw new AppError('CONFLICT', `A statement takes at most ${MAX_DECISIONS} decisions.`);
    const now = ctx.clock.now();
    const decision = {
      amendment: amendmentId,
      nation: found.nation,
      decision: input.decision,
      note: input.note,
      at: now.toISOString(),
      by: actor.user.displayName,
    };
    const clauses = [...clausesOf(statement)];
    let textVersion = statement.text_version;
    if (input.decision === 'accepted') {
      const at = clauses.findIndex((c) => c.id === found.e.clause);
      if (at < 0) throw new AppError('CONFLICT', 'The clause this amendment is on was removed: reject it instead.');
      if (clauses[at]!.version !== found.e.ofVersion)
        throw new AppError(
          'CONFLICT',
          `Clause ${at + 1} changed since this amendment was written (on version ${found.e.ofVersion}, now ${clauses[at]!.version}): reject it, or ask ${found.nation} to propose it again on the current wording.`,
        );
      if (clauses[at]!.text !== found.e.text) {
        clauses[at] = revised(clauses[at]!, found.e.text, now);
        textVersion += 1;
      }
    }
    await saved(
      ctx,
      tx,
      actor,
      statement,
      'amendment',
      { decisions: [...decisions, decision], clauses, text_version: textVersion },
      { amendment: amendmentId, decision: input.decision },
    );
  });
}

/** Puts the text, as it stands, under silence until a deadline. */
export async function startSilence(ctx: Context, actor: UserActor, id: string, input: SilenceRequest): Promise<void> {
  const until = new Date(input.until);
  await ctx.database.transaction(async (tx) => {
    const { statement } = await statementForWrite(ctx, tx, actor, id, 'draft');
    requireDrafting(statement);
    const now = ctx.clock.now();
    if (clausesOf(statement).length === 0) throw new AppError('CONFLICT', 'A statement without clauses cannot be put under silence.');
    if (
      until.getTime() < now.getTime() + SHORTEST_SILENCE_MINUTES * 60_000 ||
      until.getTime() > now.getTime() + LONGEST_SILENCE_DAYS * 86_400_000
    )
      throw new AppError(
        'VALIDATION_FAILED',
        `The deadline lies between ${SHORTEST_SILENCE_MINUTES} minutes and ${LONGEST_SILENCE_DAYS} days from now.`,
        [{ path: 'until', message: `Between ${SHORTEST_SILENCE_MINUTES} minutes and ${LONGEST_SILENCE_DAYS} days from now.` }],
      );
    const objecting = standingObjections(statement, await statementRepository(tx.db).allPositionsOf(id));
    if (objecting.length > 0)
      throw new AppError(
        'CONFLICT',
        `${objecting.join(', ')} does not concur on the text as it stands: amend it, or have the objection withdrawn, before putting it under silence.`,
      );
    const silence: Silence = { startedAt: now.toISOString(), until: until.toISOString(), ofVersion: statement.text_version };
    await saved(ctx, tx, actor, statement, 'silence', { status: 'silence', silence, procedure: NO_PROCEDURE }, { until: silence.until });
  });
}

/** Calls a silence off: the text is being drafted again. */
export async function callOffSilence(ctx: Context, actor: UserActor, id: string): Promise<void> {
  await ctx.database.transaction(async (tx) => {
    const { statement } = await statementForWrite(ctx, tx, actor, id, 'draft');
    if (statement.status !== 'silence') throw new AppError('CONFLICT', 'The text is not under silence.');
    await saved(ctx, tx, actor, statement, 'silence-off', { status: 'drafting', silence: null, procedure: NO_PROCEDURE }, {});
  });
}

export async function withdrawStatement(ctx: Context, actor: UserActor, id: string): Promise<void> {
  await ctx.database.transaction(async (tx) => {
    const { statement } = await statementForWrite(ctx, tx, actor, id, 'draft');
    await saved(ctx, tx, actor, statement, 'withdraw', { status: 'withdrawn', silence: null }, {});
  });
}

/**
 * The label of a nation's word on a statement: the one it has, or for a first one the statement's
 * classification and caveats, released to its participants, TLP:GREEN; checked like a nation's
 * word on a meeting (checkNationWide).
 */
function nationLabelInput(statement: StatementRow, existing: StatementPositionRow | undefined): LabelInput {
  if (existing) return storedLabel(labelFromColumns(existing));
  const label = labelFromColumns(statement);
  return {
    classification: label.classification,
    relTo: statement.participants,
    caveats: label.caveats,
    tlp: 'GREEN',
    recipients: { orgs: [], users: [] },
  };
}

/**
 * Adds entries to the actor's nation's word on a statement (one record per nation, a new version
 * each time). `build` gets the statement as locked and returns the entries to add, or refuses.
 */
async function addNationEntries(
  ctx: Context,
  actor: UserActor,
  id: string,
  need: Need,
  action: string,
  build: (statement: StatementRow) => Entry[],
  word = false,
): Promise<void> {
  const nation = actor.nation.code;
  const { statement: before } = await readable(ctx.database.db, actor, id);
  const existing = await statementRepository(ctx.database.db).positionOf(id, nation);
  if (existing && !canRead(actor.reader, labelFromColumns(existing)))
    throw new AppError('FORBIDDEN', 'Only people of the nation who may read its word on the statement add to it.');
  const version = (existing?.version ?? 0) + 1;
  const [label] = await validateLabels(
    ctx,
    actor,
    'statement-position',
    [{ path: 'label', input: nationLabelInput(before, existing) }],
    version,
  );
  if (!label) throw new Error('unreachable');
  checkNationWide(label, labelFromColumns(before), 'Your nation’s word on the statement', 'statement');
  await ctx.database.transaction(async (tx) => {
    const { statement } = await statementForWrite(ctx, tx, actor, id, need);
    const repo = statementRepository(tx.db);
    const held = await repo.positionOf(id, nation);
    if ((held?.version ?? 0) !== (existing?.version ?? 0)) throw changedMeanwhile('nation’s word on the statement');
    if (word && held && standingObjections(statement, [held]).length > 0)
      throw new AppError('CONFLICT', `${nation} does not concur on the text: it has no word of silence to give.`);
    if (word && held && entriesOf(held).some((e) => e.type === 'word' && e.silenceUntil === statement.silence?.until))
      throw new AppError('CONFLICT', `${nation} already gave its word on this silence.`);
    const added = build(statement);
    if ((held ? entriesOf(held).length : 0) + added.length > MAX_ENTRIES)
      throw new AppError('CONFLICT', `A nation’s word on a statement holds at most ${MAX_ENTRIES} entries.`);
    const now = ctx.clock.now();
    const recordId = held?.id ?? ctx.ids.uuid();
    const row = {
      version,
      entries: JSON.stringify([...(held ? entriesOf(held) : []), ...added]),
      updated_by: actor.user.id,
      updated_at: now,
      ...labelToColumns(label),
    };
    if (held) await repo.updatePosition(recordId, row);
    else await repo.insertPosition({ id: recordId, statement_id: id, meeting_id: statement.meeting_id, ...row });
    await changeRepository(tx.db).record([
      { at: now, record_kind: 'statement-position', record_id: recordId, version, change: held ? 'update' : 'create' },
    ]);
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action,
        target: { kind: 'statement-position', id: recordId },
        details: {
          statement: id,
          entries: added.map((e) => ({ type: e.type, ...(e.type === 'position' ? { clause: e.clause, stance: e.stance } : {}) })),
        },
      },
    ]);
  });
  if (before.home_node === null) await advanceStatement(ctx, id);
}

/**
 * Gives the actor's nation's positions: each on the version of its clause (or of the whole text)
 * it names, which must be the current one. Signed by this node, over what the position is on.
 */
export async function givePositions(ctx: Context, actor: UserActor, id: string, input: PositionsRequest): Promise<void> {
  const nation = actor.nation.code;
  await addNationEntries(ctx, actor, id, 'concur', 'statement.position', (statement) => {
    if (statement.status === 'silence' && statement.silence && ctx.clock.now() >= new Date(statement.silence.until))
      throw new AppError(
        'CONFLICT',
        `The silence ended at ${statement.silence.until}: positions no longer count until the host’s node has decided on it.`,
      );
    const clauses = clausesOf(statement);
    const now = ctx.clock.now().toISOString();
    const entries: Entry[] = [];
    const seen = new Set<string>();
    for (const [i, p] of input.positions.entries()) {
      const key = p.clause ?? 'whole';
      if (seen.has(key))
        throw new AppError('VALIDATION_FAILED', 'One position per clause (and one on the whole) at a time.', [
          { path: `positions.${i}`, message: 'Given twice.' },
        ]);
      seen.add(key);
      let digest: string;
      if (p.clause === null) {
        if (p.ofVersion !== statement.text_version)
          throw new AppError(
            'CONFLICT',
            `The text is at version ${statement.text_version}, not ${p.ofVersion}: read it again and give the position on version ${statement.text_version}.`,
          );
        digest = textDigest(textOf(statement));
      } else {
        const at = clauses.findIndex((c) => c.id === p.clause);
        if (at < 0)
          throw new AppError('VALIDATION_FAILED', 'No clause of this statement with this id.', [
            { path: `positions.${i}.clause`, message: 'Not a clause of this statement.' },
          ]);
        const clause = clauses[at]!;
        if (clause.version !== p.ofVersion)
          throw new AppError(
            'CONFLICT',
            `Clause ${at + 1} is at version ${clause.version}, not ${p.ofVersion}: read it again and give the position on version ${clause.version}.`,
          );
        digest = clauseDigest(statement.id, clause);
      }
      const fields = {
        clause: p.clause,
        ofVersion: p.ofVersion,
        digest,
        stance: p.stance,
        reservation: p.stance === 'reservation' ? p.reservation : '',
        reason: p.stance === 'non-concur' ? p.reason : '',
        givenAt: now,
      };
      const entry: PositionEntry = {
        type: 'position',
        id: ctx.ids.uuid(),
        ...fields,
        by: actor.user.displayName,
        ...signedBy(ctx.node, positionPayload(statement.id, nation, fields)),
      };
      entries.push(entry);
      if (p.amendment && p.clause !== null)
        entries.push({
          type: 'amendment',
          id: ctx.ids.uuid(),
          clause: p.clause,
          ofVersion: p.ofVersion,
          text: p.amendment,
          comment: p.reason,
          at: now,
          by: actor.user.displayName,
        });
    }
    return entries;
  });
}

export async function proposeAmendment(ctx: Context, actor: UserActor, id: string, input: AmendmentRequest): Promise<void> {
  await addNationEntries(ctx, actor, id, 'amend', 'statement.amend', (statement) => {
    requireDrafting(statement);
    const clauses = clausesOf(statement);
    const at = clauses.findIndex((c) => c.id === input.clause);
    if (at < 0)
      throw new AppError('VALIDATION_FAILED', 'No clause of this statement with this id.', [
        { path: 'clause', message: 'Not a clause of this statement.' },
      ]);
    if (clauses[at]!.version !== input.ofVersion)
      throw new AppError(
        'CONFLICT',
        `Clause ${at + 1} is at version ${clauses[at]!.version}, not ${input.ofVersion}: amend the current wording.`,
      );
    return [
      {
        type: 'amendment',
        id: ctx.ids.uuid(),
        clause: input.clause,
        ofVersion: input.ofVersion,
        text: input.text,
        comment: input.comment,
        at: ctx.clock.now().toISOString(),
        by: actor.user.displayName,
      },
    ];
  });
}

export async function addComment(ctx: Context, actor: UserActor, id: string, input: CommentRequest): Promise<void> {
  await addNationEntries(ctx, actor, id, 'amend', 'statement.comment', (statement) => {
    if (input.clause !== null && !clausesOf(statement).some((c) => c.id === input.clause))
      throw new AppError('VALIDATION_FAILED', 'No clause of this statement with this id.', [
        { path: 'clause', message: 'Not a clause of this statement.' },
      ]);
    return [
      {
        type: 'comment',
        id: ctx.ids.uuid(),
        clause: input.clause,
        text: input.text,
        at: ctx.clock.now().toISOString(),
        by: actor.user.displayName,
      },
    ];
  });
}

/**
 * Adds (or replaces) the translation of the adopted text into `language`, marked authentic or
 * unofficial, one text per clause in the original's order; signed by this node over the
 * translation and the original's digest.
 */
export async function translateStatement(
  ctx: Context,
  actor: UserActor,
  id: string,
  language: StatementLanguage,
  input: TranslationRequest,
) {
  await ctx.database.transaction(async (tx) => {
    const { statement } = await statementForWrite(ctx, tx, actor, id, 'translate');
    if (statement.public_at !== null && !may(actor, 'record.release'))
      throw new AppError(
        'FORBIDDEN',
        'The statement is released publicly: a translation would be published at once. Withdraw the release first, or have it added by an organiser who is also a releasing officer.',
      );
    const original = statement.adopted;
    if (!original) throw new AppError('CONFLICT', 'Only an adopted statement is translated.');
    if (language === statement.language)
      throw new AppError('VALIDATION_FAILED', `The statement was drafted in ${language}: translate it into another language.`, [
        { path: 'language', message: 'Another language than the original’s.' },
      ]);
    if (input.clauses.length !== original.clauses.length)
      throw new AppError('VALIDATION_FAILED', `The adopted text has ${original.clauses.length} clauses: translate each, in order.`, [
        { path: 'clauses', message: `${original.clauses.length} clauses, not ${input.clauses.length}.` },
      ]);
    const fields = {
      language,
      status: input.status,
      title: input.title,
      preamble: input.preamble,
      clauses: original.clauses.map((c, i) => ({ id: c.id, text: input.clauses[i]! })),
      of: original.digest,
      at: ctx.clock.now().toISOString(),
    };
    const translation: Translation = { ...fields, ...signedBy(ctx.node, translationPayload(id, fields)) };
    const translations = [...statement.translations.filter((t) => t.language !== language), translation];
    await saved(ctx, tx, actor, statement, 'translate', { translations }, { language, status: input.status });
  });
}

/** Releases the adopted text publicly (or withdraws that release): its public address answers, without sign-in. */
export async function publishStatement(ctx: Context, actor: UserActor, id: string, released: boolean): Promise<void> {
  await ctx.database.transaction(async (tx) => {
    const { statement } = await statementForWrite(ctx, tx, actor, id, 'publish');
    if ((statement.public_at !== null) === released) return;
    await saved(
      ctx,
      tx,
      actor,
      statement,
      released ? 'publish' : 'unpublish',
      { public: released ? { at: ctx.clock.now(), by: actor.user.id } : null },
      {},
    );
  });
}

// ---- Reading ----

export async function getStatement(ctx: Context, actor: UserActor, id: string) {
  const repo = statementRepository(ctx.database.db);
  const statement = await readRecordOrRefuse(ctx, actor, 'statement', id, {
    findReadable: () => repo.findReadable(id, actor.reader),
    exists: () => repo.exists('statement', id),
  });
  const meeting = await meetingRepository(ctx.database.db).findReadable(statement.meeting_id, actor.reader);
  if (!meeting) throw AppError.notFound('statement');
  const positions = await repo.positionsOf(actor.reader, id);
  return { statement, meeting, positions, speaks: await speaksFor(ctx, ctx.database.db, actor.nation.code, statement) };
}

/** The statements the actor may read, newest first, of one meeting if given. */
export async function listStatements(
  ctx: Context,
  actor: UserActor,
  query: { limit: number; cursor?: string | undefined; meetingId?: string | undefined },
) {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await statementRepository(ctx.database.db).listReadable(actor.reader, query.limit + 1, after, query.meetingId ?? null);
  const page = pageFromRows(rows, query.limit, (row) => row.created_at);
  await recordListDisclosure(ctx, actor, 'statement', page.items);
  return page;
}

/** A nation's word on a statement, as the actor may read it (with the statement's and the meeting's labels). */
export async function getStatementPosition(ctx: Context, actor: UserActor, id: string): Promise<StatementPositionRow> {
  const repo = statementRepository(ctx.database.db);
  return readRecordOrRefuse(ctx, actor, 'statement-position', id, {
    findReadable: () => repo.findPositionReadable(id, actor.reader),
    exists: () => repo.exists('statement-position', id),
  });
}

/** The signed document of an adopted statement the actor may read. */
export async function adoptedDocument(ctx: Context, actor: UserActor, id: string): Promise<StatementDocument> {
  const { statement } = await getStatement(ctx, actor, id);
  if (!statement.adopted) throw new AppError('CONFLICT', 'The statement is not adopted yet: only an adopted text is signed.');
  return statement.adopted;
}

// ---- The procedure ----

/**
 * The positions given on the statement, each with its nation. One that names the current version
 * of what it is on must name its digest too: a position signed over other words than the ones
 * shown does not count (and would not verify in the adopted document).
 */
function positionEntries(records: readonly StatementPositionRow[], statement: StatementRow) {
  const current = new Map(clausesOf(statement).map((c) => [c.id, c]));
  const whole = textDigest(textOf(statement));
  return records.flatMap((r) =>
    entriesOf(r)
      .filter((e): e is PositionEntry => e.type === 'position')
      .filter((e) => {
        if (e.clause === null) return e.ofVersion !== statement.text_version || e.digest === whole;
        const clause = current.get(e.clause);
        return !clause || clause.version !== e.ofVersion || e.digest === clauseDigest(statement.id, clause);
      })
      .map((entry) => ({ nation: r.originator_nation, entry })),
  );
}

/** Every position given on the statement, as facts for the procedure. */
export function positionFacts(records: readonly StatementPositionRow[], statement: StatementRow): PositionFact[] {
  return positionEntries(records, statement).map(({ nation, entry: e }) => ({
    id: e.id,
    nation,
    clauseId: e.clause,
    ofVersion: e.ofVersion,
    stance: e.stance,
    givenAt: new Date(e.givenAt),
  }));
}

/** The participants with a non-concurrence standing on the text as it is (on a clause or on the whole), among `records`. */
function standingObjections(statement: StatementRow, records: readonly StatementPositionRow[]): string[] {
  const matrix = concurrenceMatrix(statement.participants, clausesOf(statement), statement.text_version, positionFacts(records, statement));
  return [...new Set(objections(matrix, statement.participants).map((o) => o.nation))];
}

/** The words answering the statement's current silence (on its text, dated by their signer at or after its deadline). */
function wordsFor(records: readonly StatementPositionRow[], silence: Silence, digest: string) {
  return records.flatMap((r) =>
    entriesOf(r)
      .filter(
        (e): e is WordEntry =>
          e.type === 'word' && e.silenceUntil === silence.until && e.ofVersion === silence.ofVersion && e.digest === digest,
      )
      .map((e) => ({ nation: r.originator_nation, entry: e })),
  );
}

/** The latest position entry of each nation on each clause (and the whole), as the matrix counts them. */
function latestEntries(records: readonly StatementPositionRow[], statement: StatementRow) {
  const latest = new Map<string, { nation: string; entry: PositionEntry }>();
  for (const { nation, entry: e } of positionEntries(records, statement)) {
    const key = `${e.clause ?? ''} ${nation}`;
    const known = latest.get(key)?.entry;
    if (!known || e.givenAt > known.givenAt || (e.givenAt === known.givenAt && e.id > known.id)) latest.set(key, { nation, entry: e });
  }
  return [...latest.values()];
}

/** Each nation's latest position on each clause and on the whole that stands on the text as it is (not void). */
function standingPositions(records: readonly StatementPositionRow[], statement: StatementRow) {
  const current = new Map(clausesOf(statement).map((c) => [c.id, c.version]));
  return latestEntries(records, statement).filter(({ entry }) =>
    entry.clause === null ? entry.ofVersion === statement.text_version : current.get(entry.clause) === entry.ofVersion,
  );
}

/** The reservations standing on the text as it is, among the nations' words in `records`. */
export function standingReservations(records: readonly StatementPositionRow[], statement: StatementRow) {
  return standingPositions(records, statement)
    .filter(({ entry }) => entry.stance === 'reservation')
    .map(({ nation, entry }) => ({ nation, clause: entry.clause, text: entry.reservation }));
}

/** The adopted document: the text, its digest, the positions standing on it, the words that ended its silence. */
function adoptionDocument(
  ctx: Context,
  statement: StatementRow,
  meeting: Pick<MeetingRow, 'id' | 'title' | 'starts_at' | 'ends_at' | 'venue'>,
  records: readonly StatementPositionRow[],
  how: 'concurrence' | 'silence',
  words: { nation: string; entry: WordEntry }[],
  now: Date,
): StatementDocument {
  const clauses = clausesOf(statement);
  const standing = standingPositions(records, statement);
  const venue = meeting.venue;
  return signDocument(
    {
      format: 'concord-statement/1',
      statement: {
        id: statement.id,
        title: statement.title,
        preamble: statement.preamble,
        host: statement.originator_nation,
        participants: statement.participants,
        meeting: {
          id: meeting.id,
          title: meeting.title,
          startsAt: new Date(meeting.starts_at).toISOString(),
          endsAt: new Date(meeting.ends_at).toISOString(),
          place: venue.online ? 'online' : `${venue.name}, ${venue.country}`,
        },
        adoptedAt: now.toISOString(),
        adoptedBy: how,
        textVersion: statement.text_version,
      },
      clauses: clauses.map((c) => ({ id: c.id, version: c.version, text: c.text })),
      digest: textDigest(textOf(statement)),
      positions: standing
        .sort((a, b) => (a.nation === b.nation ? (a.entry.clause ?? '').localeCompare(b.entry.clause ?? '') : a.nation < b.nation ? -1 : 1))
        .map(({ nation, entry: { type: _t, id: _i, by: _b, ...rest } }) => ({ nation, ...rest })),
      words: how === 'silence' ? words.map(({ nation, entry: { type: _t, id: _i, ...rest } }) => ({ nation, ...rest })) : [],
    },
    statement.originator_nation,
    ctx.node,
  );
}

/**
 * Moves one of this node's statements on, from the records alone: adopted when every participant
 * concurs; under silence, broken by a non-concurrence, waiting for words, or adopted when every
 * word is in. Idempotent: run after each position, by the job, and after a restart, it decides the
 * same. Returns what it did.
 */
export async function advanceStatement(ctx: Context, id: string): Promise<'adopted' | 'broken' | 'waiting' | 'unchanged'> {
  return ctx.database.transaction(async (tx) => {
    const repo = statementRepository(tx.db);
    const statement = await repo.heldForUpdate(id);
    if (!statement || statement.home_node !== null || (statement.status !== 'drafting' && statement.status !== 'silence'))
      return 'unchanged';
    // A statement without participants is one nobody could object to: never adopted.
    if (statement.participants.length === 0) return 'unchanged';
    const meeting = await meetingRepository(tx.db).forUpdate(statement.meeting_id);
    if (!meeting || meeting.status !== 'planned') return 'unchanged';
    const records = await repo.allPositionsOf(id);
    const participants = statement.participants;
    const facts = positionFacts(records, statement);
    const clauses = clausesOf(statement);
    const matrix = concurrenceMatrix(participants, clauses, statement.text_version, facts);
    const now = ctx.clock.now();
    const adopt = async (how: 'concurrence' | 'silence', words: { nation: string; entry: WordEntry }[]) => {
      const adopted = adoptionDocument(ctx, statement, meeting, records, how, words, now);
      await saved(ctx, tx, PROCEDURE, statement, 'adopt', { status: 'adopted', adopted, procedure: NO_PROCEDURE }, { how });
      if (statement.minutes_of) await adoptMinutes(ctx, tx, statement, now);
      return 'adopted' as const;
    };
    if (adoptedByConcurrence(matrix, participants)) return adopt('concurrence', []);
    if (statement.status !== 'silence' || !statement.silence) return 'unchanged';
    const silence = statement.silence;
    const words = wordsFor(records, silence, textDigest(textOf(statement)));
    // Only what was given before the deadline counts: a concurrence dated after it (a clock behind)
    // does not withdraw an objection given before.
    const until = new Date(silence.until);
    const beforeDeadline = concurrenceMatrix(
      participants,
      clauses,
      statement.text_version,
      facts.filter((f) => f.givenAt < until),
    );
    const state = silenceState(
      { startedAt: new Date(silence.startedAt), until: new Date(silence.until) },
      participants,
      statement.originator_nation,
      beforeDeadline,
      words.map((w) => ({ nation: w.nation, signedAt: new Date(w.entry.signedAt) })),
      now,
    );
    if (state.state === 'broken') {
      const broken = { by: state.by, at: state.at.toISOString(), until: silence.until };
      await saved(
        ctx,
        tx,
        PROCEDURE,
        statement,
        'silence-broken',
        { status: 'drafting', silence: null, procedure: { waitingFor: [], broken } },
        broken,
      );
      return 'broken';
    }
    if (state.state === 'ended') {
      const first = new Map<string, { nation: string; entry: WordEntry }>();
      for (const w of words.sort((a, b) => a.entry.signedAt.localeCompare(b.entry.signedAt)))
        if (!first.has(w.nation)) first.set(w.nation, w);
      return adopt('silence', [...first.values()]);
    }
    if (state.state === 'waiting' && statement.procedure.waitingFor.join() !== state.for.join()) {
      await saved(
        ctx,
        tx,
        PROCEDURE,
        statement,
        'silence-waiting',
        { procedure: { waitingFor: state.for, broken: null } },
        { waitingFor: state.for },
      );
      return 'waiting';
    }
    return state.state === 'waiting' ? 'waiting' : 'unchanged';
  });
}

/**
 * Adopted minutes (a statement put to adoption by minutes-adoption.ts): each item's minutes take
 * the text the participants adopted — their corrections accepted — and are frozen, a new version
 * of the host's minutes that replicates like any other.
 */
async function adoptMinutes(ctx: Context, tx: Transaction, statement: StatementRow, now: Date): Promise<void> {
  const repo = meetingRepository(tx.db);
  const clauses = new Map(clausesOf(statement).map((c) => [c.id, c]));
  for (const { clauseId, agendaItemId } of statement.minutes_of ?? []) {
    const clause = clauses.get(clauseId);
    const minutes = await repo.minutesOfItem(agendaItemId, statement.originator_nation);
    if (!clause || !minutes || minutes.status === 'adopted') continue;
    const version = minutes.version + 1;
    await repo.updateMinutes(minutes.id, { version, label_version: version, text: clause.text, status: 'adopted', updated_at: now });
    await changeRepository(tx.db).record([{ at: now, record_kind: 'minutes', record_id: minutes.id, version, change: 'adopt' }]);
  }
  await appendAudit(tx.db, ctx.clock, PROCEDURE, [
    {
      action: 'meeting.minutes-adopted',
      target: { kind: 'statement', id: statement.id },
      details: { meeting: statement.meeting_id, items: (statement.minutes_of ?? []).map((m) => m.agendaItemId) },
    },
  ]);
}

/** Runs the procedure of every open statement this node hosts; the number adopted. */
export async function advanceOpenStatements(ctx: Context): Promise<number> {
  let adopted = 0;
  for (const { id } of await statementRepository(ctx.database.db).ownOpen())
    if ((await advanceStatement(ctx, id)) === 'adopted') adopted += 1;
  return adopted;
}

/**
 * A participant's side of a silence: once the deadline has passed on this node's clock, this node
 * signs, for each participating nation it speaks for (the host aside) that did not break the
 * silence, its word that the nation has no objection — once per silence. A node cut off from the
 * host gives it as soon as the deadline passes; the host waits until the word arrives.
 */
export async function giveSilenceWords(ctx: Context): Promise<number> {
  const now = ctx.clock.now();
  let given = 0;
  for (const statement of await statementRepository(ctx.database.db).silencesEnded(now)) {
    const silence = statement.silence;
    // A silence this node learnt of only after its deadline (it was offline, or cut off) gets no
    // word by itself: nobody here saw the text under silence in time; a head of delegation gives it.
    if (!silence || !statement.silence_seen_at || new Date(statement.silence_seen_at) >= new Date(silence.until)) continue;
    for (const nation of statement.participants) {
      if (nation === statement.originator_nation || !(await speaksFor(ctx, ctx.database.db, nation, statement))) continue;
      if (await giveWord(ctx, statement, silence, nation)) given += 1;
    }
  }
  return given;
}

/** Signs and adds `nation`'s word on a silence, unless it broke it or gave it already. */
async function giveWord(ctx: Context, statement: StatementRow, silence: Silence, nation: string): Promise<boolean> {
  return ctx.database.transaction(async (tx) => {
    const repo = statementRepository(tx.db);
    const locked = await repo.heldForUpdate(statement.id);
    if (!locked || locked.status !== 'silence' || locked.silence?.until !== silence.until) return false;
    const held = await repo.positionOf(statement.id, nation);
    const entries = held ? entriesOf(held) : [];

    if (entries.some((e) => e.type === 'word' && e.silenceUntil === silence.until && e.ofVersion === silence.ofVersion)) return false;
    if (held && standingObjections(locked, [held]).length > 0) return false;
    const author = held ? { user: held.updated_by, org: held.originator_org } : await nationAuthor(tx.db, statement.meeting_id, nation);
    if (!author) return false;
    const now = ctx.clock.now();
    const fields = {
      silenceUntil: silence.until,
      ofVersion: silence.ofVersion,
      digest: textDigest(textOf(locked)),
      signedAt: now.toISOString(),
    };
    const word: WordEntry = {
      type: 'word',
      id: ctx.ids.uuid(),
      ...fields,
      ...signedBy(ctx.node, wordPayload(statement.id, nation, fields)),
    };
    const version = (held?.version ?? 0) + 1;
    const label: Label = held
      ? { ...labelFromColumns(held), version }
      : ({
          ...labelFromColumns(locked),
          ...nationLabelInput(locked, undefined),
          originator: { nation, org: author.org },
          version,
        } as Label);
    const row = {
      version,
      entries: JSON.stringify([...entries, word]),
      updated_by: author.user,
      updated_at: now,
      ...labelToColumns(label),
    };
    const recordId = held?.id ?? ctx.ids.uuid();
    if (held) await repo.updatePosition(recordId, row);
    else await repo.insertPosition({ id: recordId, statement_id: statement.id, meeting_id: statement.meeting_id, ...row });
    await changeRepository(tx.db).record([{ at: now, record_kind: 'statement-position', record_id: recordId, version, change: 'word' }]);
    await appendAudit(tx.db, ctx.clock, PROCEDURE, [
      {
        action: 'statement.word',
        target: { kind: 'statement-position', id: recordId },
        details: { statement: statement.id, nation, until: silence.until },
      },
    ]);
    return true;
  });
}

/**
 * The nation's word at the end of a silence, given by its head of delegation: for a silence this
 * node learnt of only after its deadline, where the node gives none by itself.
 */
export async function giveWordInPerson(ctx: Context, actor: UserActor, id: string): Promise<void> {
  const { statement } = await readable(ctx.database.db, actor, id);
  const silence = statement.silence;
  if (statement.status !== 'silence' || !silence) throw new AppError('CONFLICT', 'The statement is not under silence.');
  if (ctx.clock.now() < new Date(silence.until))
    throw new AppError('CONFLICT', `The silence runs until ${silence.until}: the word is given after it, if the nation keeps silent.`);
  await addNationEntries(
    ctx,
    actor,
    id,
    'concur',
    'statement.word',
    (locked) => {
      if (locked.status !== 'silence' || locked.silence?.until !== silence.until)
        throw new AppError('CONFLICT', 'The silence changed meanwhile: reload it.');
      const fields = {
        silenceUntil: silence.until,
        ofVersion: silence.ofVersion,
        digest: textDigest(textOf(locked)),
        signedAt: ctx.clock.now().toISOString(),
      };
      return [{ type: 'word', id: ctx.ids.uuid(), ...fields, ...signedBy(ctx.node, wordPayload(id, actor.nation.code, fields)) }];
    },
    true,
  );
}

/** Who a nation's record is written as when its node writes it first: whoever answered the invitation for the nation, or else one of the nation's accounts. */
async function nationAuthor(db: Kysely<DB>, meetingId: string, nation: string) {
  const answer = await meetingRepository(db).answerOf(meetingId, nation);
  if (answer) return { user: answer.answered_by, org: answer.originator_org };
  return statementRepository(db).someAccountOf(nation);
}
