/**
 * How the releasability property test stores random records of each kind: one maker per kind of
 * the record-kind registry (src/server/domain/records/registry.ts), and attachments.
 */
import crypto from 'node:crypto';
import { labelToColumns } from '../../src/shared/labels/label-columns';
import { incidentRepository } from '../../src/server/db/repositories/incident-repository';
import { noteRepository } from '../../src/server/db/repositories/note-repository';
import { toLabel } from '../oracle/random-labels';
import { RECORD_KIND_NAMES } from '../../src/server/domain/records/registry';
import type { RecordKindName } from '../../src/server/domain/records/registry';
import type { Context } from '../../src/server/context';
import type { OracleLabel } from '../oracle/releasability-oracle';
import type { Random } from '../oracle/random-labels';

export interface StoredRecord {
  id: string;
  label: OracleLabel;
  field: OracleLabel | null;
  /**
   * The labels of the records this one is read through, nearest first (a crisis entry's crisis;
   * minutes' agenda item and its meeting), if any.
   */
  through?: OracleLabel[];
  /** Released publicly by its host (a joint statement): served without sign-in. */
  isPublic?: boolean;
}

/** `made` holds the records of the kinds made before (a maker may build on them). */
export type RecordMaker = (
  ctx: Context,
  records: StoredRecord[],
  random: Random,
  createdBy: string,
  made: ReadonlyMap<string, StoredRecord[]>,
) => Promise<void>;

/** The kinds the makers store: every registered kind, and attachments (read through their incident). */
export type MadeKind = RecordKindName | 'attachment';

/**
 * The order makers run in: the registry's (parents before their children), attachments after
 * their incidents. A maker may build on records of the kinds made before it.
 */
export const MAKER_ORDER: readonly MadeKind[] = RECORD_KIND_NAMES.flatMap((kind): MadeKind[] =>
  kind === 'incident' ? [kind, 'attachment'] : [kind],
);

/** Whether a kind has a maker. */
export const isMadeKind = (kind: string): kind is MadeKind => (MAKER_ORDER as readonly string[]).includes(kind);

const storedLabel = (l: OracleLabel) => ({
  classification: l.classification,
  relTo: l.relTo,
  caveats: l.caveats,
  tlp: l.tlp,
  recipients: { orgs: l.recipientOrgs, users: l.recipientUsers },
});

/** Makes a record readable by everyone (a parent whose children's own labels then decide). */
async function readableByEveryone(ctx: Context, record: StoredRecord) {
  const nations = (await ctx.database.db.selectFrom('nations').select('code').execute()).map((n) => n.code);
  record.label = {
    ...record.label,
    classification: 'UNCLASSIFIED',
    relTo: nations,
    caveats: [],
    tlp: 'CLEAR',
    recipientOrgs: [],
    recipientUsers: [],
    state: 'active',
  };
}

/**
 * A parent for each child: half in the parent everyone may read (their own labels decide), the
 * others in any parent (both labels decide) — but no two children of one nation in one parent
 * where `onePerNation` (a nation answers an invitation once).
 */
function parentsFor(records: StoredRecord[], parents: StoredRecord[], random: Random, onePerNation = false) {
  const taken = new Set<string>();
  const parentOf = new Map<string, StoredRecord>();
  for (const r of records) {
    const free = (p: StoredRecord) => !onePerNation || !taken.has(`${p.id} ${r.label.originatorNation}`);
    let parent = random.chance(0.5) ? parents[0]! : random.pick(parents);
    for (let i = 0; !free(parent); i++) parent = parents[(parents.indexOf(parent) + 1 + i) % parents.length]!;
    taken.add(`${parent.id} ${r.label.originatorNation}`);
    parentOf.set(r.id, parent);
    r.through = [parent.label, ...(parent.through ?? [])];
  }
  return parentOf;
}

/** `label` as written by the nation and organisation that wrote `parent`. */
const hostOf = (label: OracleLabel, parent: StoredRecord): OracleLabel => ({
  ...label,
  originatorNation: parent.label.originatorNation,
  originatorOrg: parent.label.originatorOrg,
});

function needMade(made: ReadonlyMap<string, StoredRecord[]>, kind: MadeKind): StoredRecord[] {
  const records = made.get(kind);
  if (!records?.length) throw new Error(`${kind} records must be made first`);
  return records;
}

async function inBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 200) await insert(rows.slice(i, i + 200));
}

/** An adopted statement's document as the public pages read it (its signatures are not checked there). */
function adoptedDocument(
  id: string,
  title: string,
  clauses: { id: string; version: number; text: string }[],
  participants: string[],
  host: string,
) {
  return {
    format: 'concord-statement/1',
    statement: {
      id,
      title,
      preamble: '',
      host,
      participants,
      meeting: {
        id: crypto.randomUUID(),
        title: 'meeting',
        startsAt: new Date().toISOString(),
        endsAt: new Date().toISOString(),
        place: 'online',
      },
      adoptedAt: new Date().toISOString(),
      adoptedBy: 'concurrence',
      textVersion: 1,
    },
    clauses,
    digest: '0'.repeat(64),
    positions: [],
    words: [],
    host: { nation: host, node: 'node', key: `ed25519:${'A'.repeat(43)}=` },
    signature: 'unchecked',
  };
}

/** One maker per kind: a kind added to the registry without one does not compile. */
export const RECORD_MAKERS: Record<MadeKind, RecordMaker> = {
  note: async (ctx, records, random, createdBy) => {
    const now = Date.now();
    const rows = records.map((r, i) => {
      const version = random.chance(0.1) ? 2 + Math.floor(random.next() * 3) : 1;
      const at = new Date(now - i * 1000);
      return {
        id: r.id,
        version,
        title: `record ${i}`,
        body: '',
        sources_text: r.field ? `sources ${i}` : null,
        sources_label: r.field ? JSON.stringify(storedLabel(r.field)) : null,
        created_by: createdBy,
        created_at: at,
        updated_at: at,
        ...labelToColumns(toLabel(r.label, version)),
      };
    });
    await inBatches(rows, (batch) => noteRepository(ctx.database.db).insertMany(batch));
  },
  incident: async (ctx, records, random, createdBy) => {
    const now = Date.now();
    const rows = records.map((r, i) => {
      const at = new Date(now - i * 60_000);
      return {
        id: r.id,
        version: 2,
        release_state: 'released',
        domain: 'border-incident',
        subtype: 'illegal-crossing',
        title: `incident ${i}`,
        narrative: '',
        occurred_at: at,
        time_precision: 'day',
        country: 'AFG',
        admin1: null,
        admin2: null,
        place_name: null,
        lat: 30 + random.next() * 10,
        lon: 60 + random.next() * 15,
        geo_precision: 'near',
        uncertainty_km: null,
        killed: JSON.stringify({ kind: 'unknown' }),
        wounded: JSON.stringify({ kind: 'value', value: 0 }),
        abducted: JSON.stringify({ kind: 'unknown' }),
        sources: r.field ? JSON.stringify([{ description: `source ${i}`, reliability: 'B', credibility: 2 }]) : null,
        sources_label: r.field ? JSON.stringify(storedLabel(r.field)) : null,
        proposed_label: JSON.stringify(storedLabel(r.label)),
        created_by: createdBy,
        created_at: at,
        updated_at: at,
        ...labelToColumns(toLabel(r.label, 2)),
      };
    });
    await inBatches(rows, (batch) => incidentRepository(ctx.database.db).insertMany(batch));
    const versions = rows.map((row) => ({
      id: row.id,
      version: 2,
      change: 'release',
      changed_by: createdBy,
      changed_at: row.created_at,
      snapshot: JSON.stringify({ title: row.title }),
      ...labelToColumns(toLabel(records.find((r) => r.id === row.id)!.label, 2)),
    }));
    await inBatches(versions, (batch) => incidentRepository(ctx.database.db).insertVersions(batch));
  },
  actor: async (ctx, records, _random, createdBy) => {
    // No field groups on this kind: nothing to show beside the record itself.
    for (const r of records) r.field = null;
    const now = Date.now();
    const rows = records.map((r, i) => ({
      id: r.id,
      version: 2,
      release_state: 'released',
      kind: 'armed-group',
      name: `actor ${i}`,
      aliases: [],
      description: '',
      country: null,
      proposed_label: JSON.stringify(storedLabel(r.label)),
      created_by: createdBy,
      created_at: new Date(now - i * 1000),
      updated_at: new Date(now - i * 1000),
      ...labelToColumns(toLabel(r.label, 2)),
    }));
    await inBatches(rows, (batch) => ctx.database.db.insertInto('actors').values(batch).execute());
  },
  indicator: async (ctx, records, _random, createdBy) => {
    // No field groups on this kind: nothing to show beside the record itself.
    for (const r of records) r.field = null;
    const now = Date.now();
    const rows = records.map((r, i) => ({
      id: r.id,
      version: 2,
      release_state: 'released',
      type: 'domain',
      value: `host-${i}.example-threat.org`,
      description: '',
      first_seen: null,
      last_seen: null,
      warnings: [],
      proposed_label: JSON.stringify(storedLabel(r.label)),
      created_by: createdBy,
      created_at: new Date(now - i * 1000),
      updated_at: new Date(now - i * 1000),
      ...labelToColumns(toLabel(r.label, 2)),
    }));
    await inBatches(rows, (batch) => ctx.database.db.insertInto('indicators').values(batch).execute());
  },
  attachment: async (ctx, records, random, createdBy, made) => {
    // Attachments are read through their incident: each is attached to a stored incident and
    // takes that incident's label.
    const incidents = made.get('incident');
    if (!incidents?.length) throw new Error('attachments need the incidents made first');
    const rows = records.map((r, i) => {
      const incident = random.pick(incidents);
      r.label = incident.label;
      r.field = null;
      return {
        id: r.id,
        incident_id: incident.id,
        file_name: `file-${i}.txt`,
        media_type: 'text/plain',
        size: 6,
        sha256: '0'.repeat(64),
        content: Buffer.from(`file ${i}`),
        created_by: createdBy,
        created_at: new Date(),
      };
    });
    await inBatches(rows, (batch) => ctx.database.db.insertInto('attachments').values(batch).execute());
  },
  alert: async (ctx, records, random, createdBy) => {
    const now = Date.now();
    const rows = records.map((r, i) => ({
      id: r.id,
      version: 1,
      severity: random.pick(['routine', 'priority', 'immediate', 'flash'] as const),
      summary: `alert ${i}`,
      details: '',
      exercise: false,
      raised_by: createdBy,
      raised_at: new Date(now - i * 1000),
      ...labelToColumns(toLabel(r.label, 1)),
    }));
    for (const r of records) r.field = null;
    await inBatches(rows, (batch) => ctx.database.db.insertInto('alerts').values(batch).execute());
  },
  /** The first crisis is readable by everyone: the crisis entries are written in it. */
  crisis: async (ctx, records, random, createdBy) => {
    await readableByEveryone(ctx, records[0]!);
    const now = Date.now();
    const rows = records.map((r, i) => ({
      id: r.id,
      version: 1,
      title: `crisis ${i}`,
      summary: '',
      exercise: false,
      status: random.chance(0.3) ? 'closed' : 'open',
      alert_id: null,
      declared_by: createdBy,
      declared_at: new Date(now - i * 1000),
      ...labelToColumns(toLabel(r.label, 1)),
    }));
    for (const r of records) r.field = null;
    await inBatches(rows, (batch) => ctx.database.db.insertInto('crises').values(batch).execute());
  },
  /**
   * Entries are read through their crisis: half are in the crisis everyone may read (their own label
   * decides), the others in any crisis (both labels decide).
   */
  'crisis-entry': async (ctx, records, random, createdBy, made) => {
    const crises = made.get('crisis');
    if (!crises?.length) throw new Error('crisis entries need the crises made first');
    const crisisOf = new Map(records.map((r) => [r.id, random.chance(0.5) ? crises[0]! : random.pick(crises)]));
    for (const r of records) r.through = [crisisOf.get(r.id)!.label];
    const now = Date.now();
    const rows = records.map((r, i) => {
      const kind = random.pick(['log', 'sitrep', 'request', 'task'] as const);
      const at = new Date(now - i * 1000);
      return {
        id: r.id,
        crisis_id: crisisOf.get(r.id)!.id,
        version: 1,
        kind,
        content: JSON.stringify(
          kind === 'log'
            ? { text: `entry ${i}` }
            : kind === 'sitrep'
              ? {
                  asOf: at.toISOString(),
                  level: 'normal',
                  situation: `entry ${i}`,
                  actionsTaken: '',
                  assessment: '',
                  nextSteps: '',
                  needs: '',
                }
              : kind === 'request'
                ? { what: `entry ${i}`, quantity: '', neededBy: null }
                : { title: `entry ${i}`, details: '' },
        ),
        entry_state: kind === 'request' || kind === 'task' ? 'open' : null,
        owner_nation: kind === 'task' ? r.label.originatorNation : null,
        deadline: kind === 'task' ? new Date(now + 3600_000) : null,
        entered_by: createdBy,
        entered_at: at,
        updated_at: at,
        ...labelToColumns(toLabel(r.label, 1)),
      };
    });
    for (const r of records) r.field = null;
    await inBatches(rows, (batch) => ctx.database.db.insertInto('crisis_entries').values(batch).execute());
  },
  /**
   * Desks are published to every nation (TLP:GREEN, UNCLASSIFIED) under their creator's
   * organisation: the label is the one the publisher derives, not a random one.
   */
  desk: async (ctx, records, random, createdBy) => {
    const creator = await ctx.database.db.selectFrom('users').select('org_id').where('id', '=', createdBy).executeTakeFirstOrThrow();
    const nations = (await ctx.database.db.selectFrom('nations').select('code').orderBy('code').execute()).map((n) => n.code);
    const rows = records.map((r, i) => {
      const nation = random.pick(nations);
      r.label = {
        originatorNation: nation,
        originatorOrg: creator.org_id,
        classification: 'UNCLASSIFIED',
        relTo: nations,
        caveats: [],
        tlp: 'GREEN',
        recipientOrgs: [],
        recipientUsers: [],
        state: 'active',
      };
      r.field = null;
      return { id: r.id, nation, name: `desk ${i}`, created_by: createdBy, created_at: new Date(Date.now() - i * 1000), home_node: null };
    });
    await inBatches(rows, (batch) => ctx.database.db.insertInto('desks').values(batch).execute());
  },
  /** Answers to stored alerts from stored desks, one per (alert, desk), each under its own label. */
  'alert-response': async (ctx, records, random, createdBy, made) => {
    const alerts = made.get('alert');
    const desks = made.get('desk');
    if (!alerts?.length || !desks?.length) throw new Error('alert responses need the alerts and desks made first');
    const rows = records.map((r, i) => ({
      id: r.id,
      alert_id: alerts[i % alerts.length]!.id,
      desk_id: desks[Math.floor(i / alerts.length) % desks.length]!.id,
      kind: random.pick(['acknowledge', 'decline'] as const),
      note: null,
      responded_by: createdBy,
      responded_at: new Date(Date.now() - i * 1000),
      ...labelToColumns(toLabel(r.label, 1)),
    }));
    for (const r of records) r.field = null;
    await inBatches(rows, (batch) => ctx.database.db.insertInto('alert_responses').values(batch).execute());
  },
  /** The first meeting is readable by everyone: answers, delegations and agenda items are written in it and in others. */
  meeting: async (ctx, records, random, createdBy) => {
    await readableByEveryone(ctx, records[0]!);
    // Every nation takes part: whose answers and delegations show is the labels' business here.
    const nations = (await ctx.database.db.selectFrom('nations').select('code').execute()).map((n) => n.code);
    const now = Date.now();
    const rows = records.map((r, i) => ({
      id: r.id,
      version: 1,
      home_node: null,
      title: `meeting ${i}`,
      kind: random.pick(['conference', 'staff-talks', 'bilateral'] as const),
      summary: '',
      venue: JSON.stringify({ online: true }),
      time_zone: 'Asia/Karachi',
      starts_at: new Date(now + i * 3600_000),
      ends_at: new Date(now + i * 3600_000 + 7200_000),
      participants: nations,
      answer_by: null,
      status: random.chance(0.1) ? 'cancelled' : 'planned',
      created_by: createdBy,
      created_at: new Date(now),
      updated_at: new Date(now),
      ...labelToColumns(toLabel(r.label, 1)),
    }));
    for (const r of records) r.field = null;
    await inBatches(rows, (batch) => ctx.database.db.insertInto('meetings').values(batch).execute());
  },
  /** One answer per nation and meeting, each under its answering nation's own label, read through the meeting. */
  'meeting-answer': async (ctx, records, random, createdBy, made) => {
    const meetingOf = parentsFor(records, needMade(made, 'meeting'), random, true);
    const rows = records.map((r, i) => ({
      id: r.id,
      meeting_id: meetingOf.get(r.id)!.id,
      version: 1,
      answer: random.pick(['accepted', 'declined', 'tentative'] as const),
      note: `answer ${i}`,
      answered_by: createdBy,
      answered_at: new Date(Date.now() - i * 1000),
      ...labelToColumns(toLabel(r.label, 1)),
    }));
    for (const r of records) r.field = null;
    await inBatches(rows, (batch) => ctx.database.db.insertInto('meeting_answers').values(batch).execute());
  },
  /** One delegation per nation and meeting, read through the meeting. */
  delegation: async (ctx, records, random, createdBy, made) => {
    const meetingOf = parentsFor(records, needMade(made, 'meeting'), random, true);
    const rows = records.map((r, i) => ({
      id: r.id,
      meeting_id: meetingOf.get(r.id)!.id,
      version: 1,
      head: JSON.stringify({ name: `head ${i}`, rank: 'General', appointment: '' }),
      members: JSON.stringify([]),
      updated_by: createdBy,
      updated_at: new Date(Date.now() - i * 1000),
      ...labelToColumns(toLabel(r.label, 1)),
    }));
    for (const r of records) r.field = null;
    await inBatches(rows, (batch) => ctx.database.db.insertInto('delegations').values(batch).execute());
  },
  /** Agenda items, each under its own label (of the meeting's host: the agenda is the host's), read through their meeting. */
  'agenda-item': async (ctx, records, random, createdBy, made) => {
    const meetingOf = parentsFor(records, needMade(made, 'meeting'), random);
    for (const r of records) r.label = hostOf(r.label, meetingOf.get(r.id)!);
    const rows = records.map((r, i) => ({
      id: r.id,
      meeting_id: meetingOf.get(r.id)!.id,
      version: 1,
      position: i,
      title: `item ${i}`,
      description: '',
      owner_nation: r.label.originatorNation,
      slot_start: null,
      slot_end: null,
      updated_by: createdBy,
      updated_at: new Date(Date.now() - i * 1000),
      ...labelToColumns(toLabel(r.label, 1)),
    }));
    for (const r of records) r.field = null;
    await inBatches(rows, (batch) => ctx.database.db.insertInto('agenda_items').values(batch).execute());
  },
  /** Minutes of agenda items (one each), read through the item and its meeting: a chain of two parents. */
  minutes: async (ctx, records, random, createdBy, made) => {
    const items = [...needMade(made, 'agenda-item')];
    const itemMeeting = new Map(
      (await ctx.database.db.selectFrom('agenda_items').select(['id', 'meeting_id']).execute()).map((row) => [row.id, row.meeting_id]),
    );
    if (items.length < records.length) throw new Error('minutes need at least as many agenda items');
    // Each item once: the item everyone's meeting holds first, then the others in a random order.
    const order = items.map((item) => ({ item, key: random.next() })).sort((a, b) => a.key - b.key);
    const rows = records.map((r, i) => {
      const item = order[i]!.item;
      r.through = [item.label, ...(item.through ?? [])];
      r.label = hostOf(r.label, item);
      r.field = null;
      return {
        id: r.id,
        agenda_item_id: item.id,
        meeting_id: itemMeeting.get(item.id)!,
        version: 1,
        text: `minutes ${i}`,
        status: random.chance(0.3) ? 'adopted' : 'draft',
        updated_by: createdBy,
        updated_at: new Date(Date.now() - i * 1000),
        ...labelToColumns(toLabel(r.label, 1)),
      };
    });
    await inBatches(rows, (batch) => ctx.database.db.insertInto('minutes').values(batch).execute());
  },
  /**
   * Files attached to agenda items, each under its own label of the item's host (who leads the
   * items made here, and whose files are shown), read through the item and its meeting.
   */
  'agenda-attachment': async (ctx, records, random, createdBy, made) => {
    const itemOf = parentsFor(records, needMade(made, 'agenda-item'), random);
    for (const r of records) r.label = hostOf(r.label, itemOf.get(r.id)!);
    const itemMeeting = new Map(
      (await ctx.database.db.selectFrom('agenda_items').select(['id', 'meeting_id']).execute()).map((row) => [row.id, row.meeting_id]),
    );
    const rows = records.map((r, i) => {
      const item = itemOf.get(r.id)!;
      r.field = null;
      const content = Buffer.from(`file ${i}`);
      return {
        id: r.id,
        agenda_item_id: item.id,
        meeting_id: itemMeeting.get(item.id)!,
        version: 1,
        file_name: `file-${i}.txt`,
        media_type: 'text/plain',
        size: content.length,
        sha256: crypto.createHash('sha256').update(content).digest('hex'),
        content,
        created_by: createdBy,
        created_at: new Date(Date.now() - i * 1000),
        ...labelToColumns(toLabel(r.label, 1)),
      };
    });
    await inBatches(rows, (batch) => ctx.database.db.insertInto('agenda_attachments').values(batch).execute());
  },
  /** Joint statements, each under its own label (of the meeting's host), read through their meeting. */
  statement: async (ctx, records, random, createdBy, made) => {
    const meetingOf = parentsFor(records, needMade(made, 'meeting'), random);
    for (const r of records) r.label = hostOf(r.label, meetingOf.get(r.id)!);
    const nations = (await ctx.database.db.selectFrom('nations').select('code').execute()).map((n) => n.code);
    const status = new Map(records.map((r) => [r.id, random.pick(['drafting', 'silence', 'adopted'] as const)]));
    // Some adopted statements are released publicly (their label's state aside: a recalled one is not served).
    for (const r of records) r.isPublic = status.get(r.id) === 'adopted' && random.chance(0.5);
    const rows = records.map((r, i) => {
      const clauses = [{ id: crypto.randomUUID(), version: 1, text: `clause of statement ${i}` }];
      const adopted = status.get(r.id) === 'adopted';
      return {
        id: r.id,
        meeting_id: meetingOf.get(r.id)!.id,
        version: 1,
        home_node: null,
        title: `statement ${i}`,
        preamble: '',
        clauses: JSON.stringify(clauses.map((c) => ({ ...c, history: [] }))),
        text_version: 1,
        status: status.get(r.id)!,
        silence: null,
        procedure: JSON.stringify({ waitingFor: [], broken: null }),
        decisions: JSON.stringify([]),
        adopted: adopted ? JSON.stringify(adoptedDocument(r.id, `statement ${i}`, clauses, nations, r.label.originatorNation)) : null,
        adopted_at: adopted ? new Date() : null,
        participants: nations,
        public_at: r.isPublic ? new Date(Date.now() - i * 1000) : null,
        created_by: createdBy,
        created_at: new Date(Date.now() - i * 1000),
        updated_at: new Date(Date.now() - i * 1000),
        ...labelToColumns(toLabel(r.label, 1)),
      };
    });
    for (const r of records) r.field = null;
    await inBatches(rows, (batch) => ctx.database.db.insertInto('statements').values(batch).execute());
  },
  /** One nation's word per statement and nation, under the nation's own label, read through the statement and its meeting. */
  'statement-position': async (ctx, records, random, createdBy, made) => {
    const statementOf = parentsFor(records, needMade(made, 'statement'), random, true);
    const statementMeeting = new Map(
      (await ctx.database.db.selectFrom('statements').select(['id', 'meeting_id']).execute()).map((row) => [row.id, row.meeting_id]),
    );
    const rows = records.map((r, i) => ({
      id: r.id,
      statement_id: statementOf.get(r.id)!.id,
      meeting_id: statementMeeting.get(statementOf.get(r.id)!.id)!,
      version: 1,
      entries: JSON.stringify([
        { type: 'comment', id: crypto.randomUUID(), clause: null, text: `comment ${i}`, at: new Date().toISOString(), by: 'someone' },
      ]),
      updated_by: createdBy,
      updated_at: new Date(Date.now() - i * 1000),
      ...labelToColumns(toLabel(r.label, 1)),
    }));
    for (const r of records) r.field = null;
    await inBatches(rows, (batch) => ctx.database.db.insertInto('statement_positions').values(batch).execute());
  },
  /** Commitments, each under its own label (of the meeting's host), read through their meeting; every nation owns each. */
  commitment: async (ctx, records, random, createdBy, made) => {
    const meetingOf = parentsFor(records, needMade(made, 'meeting'), random);
    for (const r of records) r.label = hostOf(r.label, meetingOf.get(r.id)!);
    const nations = (await ctx.database.db.selectFrom('nations').select('code').execute()).map((n) => n.code);
    const rows = records.map((r, i) => ({
      id: r.id,
      meeting_id: meetingOf.get(r.id)!.id,
      version: 1,
      text: `commitment ${i}`,
      owner_nations: nations,
      due_on: new Date(Date.now() + (i - records.length / 2) * 86_400_000).toISOString().slice(0, 10),
      source: null,
      created_by: createdBy,
      created_at: new Date(Date.now() - i * 1000),
      updated_by: createdBy,
      updated_at: new Date(Date.now() - i * 1000),
      ...labelToColumns(toLabel(r.label, 1)),
    }));
    for (const r of records) r.field = null;
    await inBatches(rows, (batch) => ctx.database.db.insertInto('commitments').values(batch).execute());
  },
  /** Progress reports under their nation's own label, read through the commitment and its meeting (a chain of two parents). */
  'commitment-report': async (ctx, records, random, createdBy, made) => {
    const commitmentOf = parentsFor(records, needMade(made, 'commitment'), random);
    const commitmentMeeting = new Map(
      (await ctx.database.db.selectFrom('commitments').select(['id', 'meeting_id']).execute()).map((row) => [row.id, row.meeting_id]),
    );
    const rows = records.map((r, i) => ({
      id: r.id,
      commitment_id: commitmentOf.get(r.id)!.id,
      meeting_id: commitmentMeeting.get(commitmentOf.get(r.id)!.id)!,
      version: 1,
      status: random.pick(['planned', 'in-progress', 'done', 'dropped'] as const),
      text: `report ${i}`,
      evidence: JSON.stringify([]),
      reported_by: createdBy,
      reported_at: new Date(Date.now() - i * 1000),
      ...labelToColumns(toLabel(r.label, 1)),
    }));
    for (const r of records) r.field = null;
    await inBatches(rows, (batch) => ctx.database.db.insertInto('commitment_reports').values(batch).execute());
  },
  /**
   * Exercises of every nation, each with a milestone or two (their own events on the calendar),
   * units of random nations and random statuses (a cancelled one clashes with nothing).
   */
  exercise: async (ctx, records, random, createdBy) => {
    const nations = (await ctx.database.db.selectFrom('nations').select('code').execute()).map((n) => n.code);
    const now = Date.now();
    const rows = records.map((r, i) => {
      const startsAt = now + (i % 40) * 86_400_000;
      return {
        id: r.id,
        version: 1,
        home_node: null,
        title: `exercise ${i}`,
        kind: random.pick(['tabletop', 'command-post', 'field'] as const),
        status: random.pick(['concept', 'planning', 'approved', 'cancelled'] as const),
        summary: '',
        venue: JSON.stringify({ online: false, name: 'Range', country: 'KAZ', lat: 43.2, lon: 76.9 }),
        time_zone: 'Asia/Almaty',
        starts_at: new Date(startsAt),
        ends_at: new Date(startsAt + 3 * 86_400_000),
        participants: nations,
        units: JSON.stringify([{ nation: random.pick(nations), name: 'Brigade' }]),
        resources: ['range'],
        objectives: JSON.stringify([]),
        training_audience: '',
        milestones: JSON.stringify(
          Array.from({ length: 1 + (i % 2) }, (_, k) => ({
            id: crypto.randomUUID(),
            kind: 'other',
            title: `milestone ${k}`,
            starts_at: new Date(startsAt - (k + 1) * 7 * 86_400_000).toISOString(),
            ends_at: new Date(startsAt - (k + 1) * 7 * 86_400_000 + 3_600_000).toISOString(),
            meeting_id: null,
          })),
        ),
        created_by: createdBy,
        created_at: new Date(now),
        updated_at: new Date(now),
        ...labelToColumns(toLabel(r.label, 1)),
      };
    });
    for (const r of records) r.field = null;
    await inBatches(rows, (batch) => ctx.database.db.insertInto('exercises').values(batch).execute());
  },
  /** Observations of every nation under their own labels, read through their exercise (every nation takes part in each). */
  observation: async (ctx, records, random, createdBy, made) => {
    const exerciseOf = parentsFor(records, needMade(made, 'exercise'), random);
    const rows = records.map((r, i) => ({
      id: r.id,
      exercise_id: exerciseOf.get(r.id)!.id,
      version: 1,
      title: `observation ${i}`,
      observation: `observed ${i}`,
      discussion: '',
      conclusion: '',
      recommendation: '',
      objective: null,
      stage: random.pick(['observation', 'lesson-identified', 'lesson-learned'] as const),
      created_by: createdBy,
      created_at: new Date(Date.now() - i * 1000),
      updated_by: createdBy,
      updated_at: new Date(Date.now() - i * 1000),
      ...labelToColumns(toLabel(r.label, 1)),
    }));
    for (const r of records) r.field = null;
    await inBatches(rows, (batch) => ctx.database.db.insertInto('observations').values(batch).execute());
  },
  /** Published busy blocks of every nation, for a unit or the whole nation (drafts are their nation's, and never published). */
  'busy-block': async (ctx, records, random, createdBy) => {
    const now = Date.now();
    const rows = records.map((r, i) => {
      const startsAt = now + (i % 40) * 86_400_000;
      return {
        id: r.id,
        version: 1,
        title: `busy ${i}`,
        unit: random.chance(0.5) ? 'Brigade' : null,
        all_day: false,
        starts_at: new Date(startsAt),
        ends_at: new Date(startsAt + 2 * 86_400_000),
        time_zone: 'UTC',
        status: 'published',
        proposed_label: null,
        created_by: createdBy,
        created_at: new Date(now),
        updated_at: new Date(now),
        ...labelToColumns(toLabel(r.label, 1)),
      };
    });
    for (const r of records) r.field = null;
    await inBatches(rows, (batch) => ctx.database.db.insertInto('busy_blocks').values(batch).execute());
  },
};
