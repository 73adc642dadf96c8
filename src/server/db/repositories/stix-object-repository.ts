import { sql } from 'kysely';
import { INCIDENT_COLUMNS } from './incident-repository';
import { DELIVERY_COLUMN_TYPES, STIX_OBJECT_COLUMN_TYPES, bulkInsert } from './sql/bulk-insert';
import { copyNewRows, copyRows } from './sql/copy-rows';
import { LABEL_COLUMN_NAMES, labelToColumns } from '../../../shared/labels/label-columns';
import { parentsReadableBy, parentsReceivableBy, readableBy, receivableBy } from './sql/releasability-sql';
import { parentLabels, parentPasses } from './sql/read-through';
import { anyText, textArray } from './sql/text-array';
import type { Insertable, Kysely, RawBuilder, Selectable } from 'kysely';
import type { Label, Reader } from '../../../shared/labels/label';
import type { NodeAudience } from '../../../shared/labels/read-rule';
import type { DB, LabelColumns, StixObjectsTable } from '../schema';

export type StixObjectRow = Selectable<StixObjectsTable>;
/** A published row as a page serves it: the object (and its stripped form) as the JSON text stored. */
export type ServedRow = Pick<StixObjectRow, 'seq' | 'stix_id' | 'version'> & {
  /** The timestamps as TAXII writes them (ISO 8601, UTC, milliseconds): parsing 2,000 dates a page cost the driver 2 ms. */
  modified: string;
  date_added: string;
  /**
   * The object's JSON text as stored ('' when the page asked for no objects: a manifest, versions);
   * null for a row past the page's size, where the page ends.
   */
  object: string | null;
  stripped: string | null;
  /** The version's label columns, only where a stripped form exists (the one case a page needs them). */
  label: LabelColumns | null;
};

/**
 * How much object text a page carries before it ends: an object carrying a file (an agenda
 * attachment) is up to ~13.4 MiB of text, so a page of such objects ends after a few of them, and
 * the rows after that point never leave the database with their text. Sizes are the texts' (the
 * generated column `object_bytes`), not the compressed values': a file that compresses well counts
 * at its full size.
 */
export const PAGE_MAX_BYTES = 8 * 1_048_576;

/** Arbitrary but fixed: the advisory lock that makes one publisher write at a time. */
const PUBLISHER_LOCK = 4_202_611;
/** A timestamp column as ISO 8601 text in UTC with milliseconds (what `Date.toISOString` writes). */
const isoText = (column: string) => sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The STIX type of a recall (an object type Concord declares by extension definition). */
export const RECALL_TYPE = 'x-concord-recall';
export const RECALL_RECEIPT_TYPE = 'x-concord-recall-receipt';
/** The `record_kind` of a reference row held for a label (one held for a read-through record takes that record's). */
export const REFERENCE_KIND = 'reference';
/** The `record_kind` of the one row of a public reference (a TLP marking, Concord's identity): every reader gets it. */
export const PUBLIC_REFERENCE_KIND = 'public-reference';
/** The STIX types of a record's companions (stix-companions.ts): each node derives its own, so peers are not sent them. */
export const COMPANION_TYPES = ['location', 'relationship', 'ipv4-addr', 'ipv6-addr', 'domain-name', 'url', 'email-addr', 'file'] as const;

/** A published row as the reference publisher reads it: the object it names others from, and its label. */
export type ReferringRow = Pick<StixObjectRow, 'seq' | 'record_kind' | 'record_id'> &
  LabelColumns & { created_by_ref: string | null; object_marking_refs: unknown; signature: unknown };

/** The label columns two rows must share to hold the same label, whatever its state (recalled or not). */
const SAME_LABEL_COLUMNS = LABEL_COLUMN_NAMES.filter((c) => c !== 'state' && c !== 'classification_rank');
const ARRAY_COLUMNS = new Set<string>(['rel_to', 'caveats', 'recipient_orgs', 'recipient_users']);
/** `alias` holds `label` (state aside). */
const holdsLabel = (alias: string, label: LabelColumns) =>
  sql<boolean>`(${sql.join(
    SAME_LABEL_COLUMNS.map((c) => {
      const value = label[c];
      return sql`${sql.ref(`${alias}.${c}`)} = ${ARRAY_COLUMNS.has(c) ? textArray(value as string[]) : value}`;
    }),
    sql` and `,
  )})`;
/** `a` and `b` hold the same label (state aside). */
const sameLabel = (a: string, b: string) =>
  sql<boolean>`(${sql.join(
    SAME_LABEL_COLUMNS.map((c) => sql`${sql.ref(`${a}.${c}`)} = ${sql.ref(`${b}.${c}`)}`),
    sql` and `,
  )})`;
const labelKey = (label: LabelColumns) => JSON.stringify(SAME_LABEL_COLUMNS.map((c) => label[c]));

/**
 * One published version as its `stix_objects` row: the object as it is served (signed by its
 * originator node, or as received), the record it is a version of, and that version's label.
 */
export function publishedRow(version: {
  object: { type: string; id: string };
  stripped?: object | null | undefined;
  kind: string;
  recordId: string;
  version: number;
  modified: Date;
  dateAdded: Date;
  originNode: string;
  label: Label;
}): Insertable<StixObjectsTable> {
  return {
    stix_id: version.object.id,
    stix_type: version.object.type,
    modified: version.modified,
    version: version.version,
    record_kind: version.kind,
    record_id: version.recordId,
    date_added: version.dateAdded,
    object: JSON.stringify(version.object),
    stripped: version.stripped ? JSON.stringify(version.stripped) : null,
    origin_node: version.originNode,
    ...labelToColumns(version.label),
  };
}

export interface ObjectFilter {
  /** Only rows after this `seq` (the paging cursor). */
  afterSeq?: number;
  addedAfter?: Date;
  ids?: string[];
  types?: string[];
  /**
   * TAXII `match[version]`, its values or'ed: `all`: every version; `last`: only each object's newest
   * version held (and only if the reader may read it); `first`: each object's oldest version the
   * reader may read (decided over readable versions only, so a hidden earlier one changes nothing);
   * a timestamp: the version with that `modified`.
   */
  versions: 'all' | 'last' | { last?: boolean; first?: boolean; modified?: Date[] };
  /** TAXII `match[spec_version]`: only objects of these STIX versions (an object without `spec_version` is 2.0). */
  specVersions?: string[];
  /** Whether the page carries the objects themselves (a manifest or a list of versions does not). */
  objects?: boolean;
}

/** The published STIX objects (the TAXII face reads them) and what the publisher needs. */
export function stixObjectRepository(db: Kysely<DB>) {
  /** One writer of published rows at a time, until its transaction ends. */
  const lockPublisher = () => sql`select pg_advisory_xact_lock(${PUBLISHER_LOCK})`.execute(db);
  return {
    lockPublisher,
    /**
     * For the rest of the transaction, plan without parallel workers. A page is an index scan on
     * `seq` behind a LIMIT; when the read rule lets few rows through, PostgreSQL may start parallel
     * workers for it, and starting them cost about 60 ms of a 110 ms page (bench P5, measured
     * before the `superseded` flag replaced the anti-join that made it frequent). Nor compiled by
     * JIT: the subquery that serves a reference once (per row of 1,000,000, as the planner costs
     * it) lifts the estimate over `jit_above_cost`, and compiling took about 38 ms of a 45 ms page.
     */
    planSerially: async () => {
      await sql`set local max_parallel_workers_per_gather = 0`.execute(db);
      await sql`set local jit = off`.execute(db);
    },
    incidents: (ids: string[]) =>
      ids.length === 0 ? Promise.resolve([]) : db.selectFrom('incidents').select(INCIDENT_COLUMNS).where('id', 'in', ids).execute(),
    actors: (ids: string[]) =>
      ids.length === 0 ? Promise.resolve([]) : db.selectFrom('actors').selectAll().where('id', 'in', ids).execute(),
    indicators: (ids: string[]) =>
      ids.length === 0 ? Promise.resolve([]) : db.selectFrom('indicators').selectAll().where('id', 'in', ids).execute(),
    /** This node's own desks (a partner's are published by its node), with the creator's organisation. */
    ownDesks: (ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('desks')
            .innerJoin('users', 'users.id', 'desks.created_by')
            .select([
              'desks.id',
              'desks.nation',
              'desks.name',
              'desks.created_at',
              'desks.version',
              'desks.contacts',
              'desks.updated_at',
              'users.org_id',
            ])
            .where('desks.id', 'in', ids)
            .where('desks.home_node', 'is', null)
            .execute(),
    nations: async () => (await db.selectFrom('nations').select('code').orderBy('code').execute()).map((n) => n.code),
    alerts: (ids: string[]) =>
      ids.length === 0 ? Promise.resolve([]) : db.selectFrom('alerts').selectAll().where('id', 'in', ids).execute(),
    alertTargetDesks: (alertIds: string[]) =>
      alertIds.length === 0
        ? Promise.resolve([])
        : db.selectFrom('alert_targets').select(['alert_id', 'desk_id']).where('alert_id', 'in', alertIds).execute(),
    alertResponses: (ids: string[]) =>
      ids.length === 0 ? Promise.resolve([]) : db.selectFrom('alert_responses').selectAll().where('id', 'in', ids).execute(),
    /** This node's own meetings (a partner's are published by its node). */
    /** This node's own exercises by id (a partner's are published as received). */
    ownExercises: (ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db.selectFrom('exercises').selectAll().where('id', 'in', ids).where('home_node', 'is', null).execute(),
    /**
     * Busy blocks by id, drafts left out — and drafts withdrawn without being published, which still
     * hold their proposed label (a draft reaches no partner; a partner's are published as received).
     */
    busyBlocks: (ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('busy_blocks')
            .selectAll()
            .where('id', 'in', ids)
            .where('status', '!=', 'draft')
            .where('proposed_label', 'is', null)
            .execute(),
    ownMeetings: (ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db.selectFrom('meetings').selectAll().where('id', 'in', ids).where('home_node', 'is', null).execute(),
    /** Records of a meeting's kinds by id (a partner's are skipped when published: they are here as received). */
    meetingAnswers: (ids: string[]) =>
      ids.length === 0 ? Promise.resolve([]) : db.selectFrom('meeting_answers').selectAll().where('id', 'in', ids).execute(),
    delegations: (ids: string[]) =>
      ids.length === 0 ? Promise.resolve([]) : db.selectFrom('delegations').selectAll().where('id', 'in', ids).execute(),
    agendaItems: (ids: string[]) =>
      ids.length === 0 ? Promise.resolve([]) : db.selectFrom('agenda_items').selectAll().where('id', 'in', ids).execute(),
    minutes: (ids: string[]) =>
      ids.length === 0 ? Promise.resolve([]) : db.selectFrom('minutes').selectAll().where('id', 'in', ids).execute(),
    /** Files not yet published, with their bytes (a partner's, received, is published as it came: not loaded again). */
    unpublishedAgendaAttachments: (ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('agenda_attachments as a')
            .selectAll('a')
            .where('a.id', 'in', ids)
            .where(sql<boolean>`not exists (select 1 from stix_objects s where s.record_id = a.id and s.record_kind = 'agenda-attachment')`)
            .execute(),
    /** This node's own statements (a partner's are published by its node). */
    ownStatements: (ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db.selectFrom('statements').selectAll().where('id', 'in', ids).where('home_node', 'is', null).execute(),
    statementPositions: (ids: string[]) =>
      ids.length === 0 ? Promise.resolve([]) : db.selectFrom('statement_positions').selectAll().where('id', 'in', ids).execute(),
    commitments: (ids: string[]) =>
      ids.length === 0 ? Promise.resolve([]) : db.selectFrom('commitments').selectAll().where('id', 'in', ids).execute(),
    observations: (ids: string[]) =>
      ids.length === 0 ? Promise.resolve([]) : db.selectFrom('observations').selectAll().where('id', 'in', ids).execute(),
    commitmentReports: (ids: string[]) =>
      ids.length === 0 ? Promise.resolve([]) : db.selectFrom('commitment_reports').selectAll().where('id', 'in', ids).execute(),
    /** This node's own crises (a partner's are published by its node). */
    ownCrises: (ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db.selectFrom('crises').selectAll().where('id', 'in', ids).where('home_node', 'is', null).execute(),
    /** Crisis entries, with the nation that accepts or declines each offer (its request's, or its crisis's). */
    crisisEntries: (ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('crisis_entries as e')
            .leftJoin('crisis_entries as r', 'r.id', 'e.request_id')
            .leftJoin('crises as c', 'c.id', 'e.crisis_id')
            .selectAll('e')
            .select(
              sql<
                string | null
              >`case when e.kind = 'offer' then coalesce(e.requester_nation, r.originator_nation, c.originator_nation) end`.as(
                'offer_requester',
              ),
            )
            .where('e.id', 'in', ids)
            .execute(),
    /**
     * Writes published rows through COPY, the objects as the JSON text they are (a version already
     * here, or twice in `rows`, is kept once). Inside a transaction: it takes the publisher's lock,
     * so no other writer adds a version between the check and the copy. For 3,000 rows (a catch-up
     * page with its companions) COPY took about half the time of an INSERT from a JSON recordset.
     * `new`: the caller checked under the same lock that none is here nor given twice (federation
     * apply), so the lookup of held versions is skipped.
     */
    insert: async (rows: Insertable<StixObjectsTable>[], options: { new?: boolean } = {}) => {
      if (rows.length === 0) return;
      await lockPublisher();
      if (options.new) await copyRows(db, 'stix_objects', STIX_OBJECT_COLUMN_TYPES, rows as Record<string, unknown>[]);
      else await copyNewRows(db, 'stix_objects', STIX_OBJECT_COLUMN_TYPES, rows as Record<string, unknown>[], ['stix_id', 'version']);
    },
    /** The `date_added` for rows written now: never before the last row's (clocks may step back). */
    nextDateAdded: async (now: Date) => {
      const last = (await db.selectFrom('stix_objects').select('date_added').orderBy('seq', 'desc').limit(1).executeTakeFirst())
        ?.date_added;
      return last && new Date(last) > now ? new Date(last) : now;
    },
    /**
     * Rows a person may read (a crisis entry's only where its crisis is readable too), and the public
     * references (TLP markings, Concord's identity), in `seq` order, at most `limit`.
     */
    readable: (reader: Reader, filter: ObjectFilter, limit: number) =>
      page(
        (row) =>
          sql<boolean>`(${sql.ref(`${row}.record_kind`)} = ${PUBLIC_REFERENCE_KIND} or (${readableBy(reader, row)} and ${parentPasses(`${row}.record_kind`, `${row}.record_id`, parentsReadableBy(reader))}))`,
        filter,
        limit,
      ),
    /**
     * Rows a peer node may receive: this nation's own records under the node rule (a node never
     * forwards another nation's record; companions it derives itself; a crisis entry only where its
     * crisis is receivable too), and the recall of any record it was served.
     */
    receivable: (peerNodeId: string, node: NodeAudience, ownNation: string, filter: ObjectFilter, limit: number) =>
      page(
        (row) =>
          sql<boolean>`((${sql.ref(`${row}.originator_nation`)} = ${ownNation} and not ${sql.ref(`${row}.reference`)} and ${sql.ref(`${row}.stix_type`)} not in (${sql.join([...COMPANION_TYPES])}) and ${receivableBy(node, row)}
          and ${parentPasses(`${row}.record_kind`, `${row}.record_id`, parentsReceivableBy(node))}) or (${sql.ref(`${row}.stix_type`)} = ${RECALL_TYPE} and exists (
          select 1 from deliveries d where d.peer_node_id = ${peerNodeId} and d.stix_id = ${sql.ref(`${row}.record_id`)})))`,
        filter,
        limit,
      ),
    /**
     * This nation's records of `kinds` (each one's newest version, active) that `reader` may read
     * and that name in `relTo` an audience — a nation or a community, other than `ownNation` — no
     * node of `peers` receives them at: none of that nation (or of a member nation of that
     * community) may receive the record under the node rule, its parent's label too where it is
     * read through one. How many per audience, how many in all, and the newest `limit` of them
     * with their labels (and their parents', for saying why).
     */
    undelivered: async (reader: Reader, peers: NodeAudience[], ownNation: string, kinds: readonly string[], limit: number) => {
      const reached = (audience: RawBuilder<string>) =>
        peers.length === 0
          ? sql<boolean>`false`
          : sql<boolean>`(${sql.join(
              peers.map(
                (peer) => sql`(${audience} = ${anyText([peer.nation, ...peer.communities])} and ${receivableBy(peer, 'o')}
                  and ${parentPasses('o.record_kind', 'o.record_id', parentsReceivableBy(peer))})`,
              ),
              sql` or `,
            )})`;
      const candidate = sql<boolean>`o.originator_nation = ${ownNation} and not o.reference and o.superseded = false and o.state = 'active'
        and o.record_kind = ${anyText(kinds)} and o.stix_type not in (${sql.join([...COMPANION_TYPES])})
        and ${readableBy(reader, 'o')} and ${parentPasses('o.record_kind', 'o.record_id', parentsReadableBy(reader))}`;
      const missed = sql<boolean>`t.audience <> ${ownNation} and not ${reached(sql<string>`t.audience`)}`;
      const [audiences, rows] = await Promise.all([
        sql<{ audience: string; records: string }>`select t.audience, count(*) as records
          from stix_objects o cross join lateral unnest(o.rel_to) as t(audience)
          where ${candidate} and ${missed} group by t.audience order by t.audience`.execute(db),
        sql<{
          record_kind: string;
          record_id: string;
          title: string | null;
          modified: string;
          label: LabelColumns;
          parent_labels: LabelColumns[] | null;
          total: string;
        }>`select o.record_kind, o.record_id, o.object->>'name' as title, ${isoText('o.modified')} as modified,
            json_build_object(${sql.raw(LABEL_COLUMN_NAMES.map((c) => `'${c}', o.${c}`).join(', '))}) as label,
            ${parentLabels('o.record_kind', 'o.record_id')} as parent_labels, count(*) over () as total
          from stix_objects o
          where ${candidate} and exists (select 1 from unnest(o.rel_to) as t(audience) where ${missed})
          order by o.seq desc limit ${limit}`.execute(db),
      ]);
      return {
        audiences: audiences.rows.map((r) => ({ audience: r.audience, records: Number(r.records) })),
        total: Number(rows.rows[0]?.total ?? 0),
        rows: rows.rows,
      };
    },
    /** Notes what a peer was served. */
    delivered: (peerNodeId: string, rows: { stix_id: string; version: number }[], at: Date) =>
      bulkInsert(
        db,
        'deliveries',
        DELIVERY_COLUMN_TYPES,
        rows.map((r) => ({ peer_node_id: peerNodeId, stix_id: r.stix_id, version: r.version, delivered_at: at })),
        true,
      ),
    /** Whether the published row at `seq` was served to the peer. */
    servedAt: async (peerNodeId: string, seq: number) =>
      (await db
        .selectFrom('stix_objects as o')
        .innerJoin('deliveries as d', (join) => join.onRef('d.stix_id', '=', 'o.stix_id').onRef('d.version', '=', 'o.version'))
        .select('o.seq')
        .where('o.seq', '=', seq)
        .where('d.peer_node_id', '=', peerNodeId)
        .executeTakeFirst()) !== undefined,
    has: async (stixId: string, version: number) =>
      (await db
        .selectFrom('stix_objects')
        .select('seq')
        .where('stix_id', '=', stixId)
        .where('version', '=', version)
        .executeTakeFirst()) !== undefined,
    /**
     * Every version of a recalled record, and of its companions and references, is now readable by
     * its originator only; so is a reference held for its label once no active object holds that label.
     */
    markRecalled: async (kind: string, recordId: string) => {
      const labels = await db
        .updateTable('stix_objects')
        .set({ state: 'recalled' })
        .where('record_kind', '=', kind)
        .where('record_id', '=', recordId)
        .returning(LABEL_COLUMN_NAMES)
        .execute();
      await settleReferences(labels);
    },
    /** Deletes the receipt this node published for a recall (one found forged). */
    withdrawReceipt: async (recallStixId: string) => {
      const labels = await db
        .deleteFrom('stix_objects')
        .where('stix_type', '=', RECALL_RECEIPT_TYPE)
        .where('record_id', '=', recallStixId)
        .returning(LABEL_COLUMN_NAMES)
        .execute();
      await settleReferences(labels);
    },
    /** Deletes every version of a record's published object and of its companions, and the references only it held. */
    purge: async (stixId: string, kind: string, recordId: string) => {
      const labels = await db
        .deleteFrom('stix_objects')
        .where((eb) => eb.or([eb('stix_id', '=', stixId), eb.and([eb('record_kind', '=', kind), eb('record_id', '=', recordId)])]))
        .returning(LABEL_COLUMN_NAMES)
        .execute();
      await settleReferences(labels);
    },
    /** Published rows after `afterSeq` that may name references (not references themselves), in `seq` order. */
    /** Published rows after `afterSeq` with what their objects name, and the extension `signatureExtension` (which carries the label as published). */
    referringAfter: async (afterSeq: number, limit: number, signatureExtension: string): Promise<ReferringRow[]> =>
      (
        await db
          .selectFrom('stix_objects')
          .select([
            'seq',
            'record_kind',
            'record_id',
            sql<string | null>`object->>'created_by_ref'`.as('created_by_ref'),
            sql<unknown>`object->'object_marking_refs'`.as('object_marking_refs'),
            sql<unknown>`object->'extensions'->${signatureExtension}`.as('signature'),
            ...LABEL_COLUMN_NAMES,
          ])
          .where('seq', '>', afterSeq)
          .where('reference', '=', false)
          .orderBy('seq')
          .limit(limit)
          .execute()
      ).map((row) => ({ ...row, seq: Number(row.seq) })),
    organisations: (ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db.selectFrom('organisations').select(['id', 'name', 'nation']).where('id', '=', anyText(ids)).execute(),
    /**
     * Writes reference rows, each unique by (stix_id, record_id); one held for an active label
     * replaces one of the same key left recalled (its label came back into use), at a new `seq`
     * so readers past the old one get it.
     */
    insertReferences: async (rows: Insertable<StixObjectsTable>[]) => {
      if (rows.length === 0) return;
      await lockPublisher();
      const revived = rows.filter((r) => r.state === 'active');
      if (revived.length > 0)
        await sql`delete from stix_objects o using unnest(${textArray(revived.map((r) => r.stix_id))}, ${textArray(
          revived.map((r) => r.record_id),
        )}) as k(stix_id, record_id)
          where o.reference and o.state = 'recalled' and o.stix_id = k.stix_id and o.record_id = k.record_id`.execute(db);
      for (let i = 0; i < rows.length; i += 500)
        await db
          .insertInto('stix_objects')
          .values(rows.slice(i, i + 500).map((r) => ({ ...r, reference: true })))
          .onConflict((oc) =>
            oc
              .columns(['stix_id', 'record_id'])
              .where(sql<boolean>`reference`)
              .doNothing(),
          )
          .execute();
    },
  };

  /**
   * After rows holding `labels` were recalled or deleted: a reference held for one of these labels
   * (not for a read-through record: those go with their record) is recalled once no active row of
   * the label names it, and deleted once no row of the label names it at all. Twice: Concord's
   * identity is named by a label's marking, itself a reference.
   */
  async function settleReferences(labels: LabelColumns[]) {
    const distinct = new Map(labels.map((label) => [labelKey(label), label]));
    for (const label of distinct.values()) {
      const held = sql<boolean>`r.reference and r.record_kind = ${REFERENCE_KIND} and ${holdsLabel('r', label)}`;
      const namer = (active: boolean) => sql<boolean>`exists (select 1 from stix_objects o where o.seq <> r.seq
        and ${active ? sql`o.state = 'active' and ` : sql``}${sameLabel('o', 'r')}
        and (o.object->>'created_by_ref' = r.stix_id
          or exists (select 1 from json_array_elements_text(case when json_typeof(o.object->'object_marking_refs') = 'array'
            then o.object->'object_marking_refs' end) as m(ref) where m.ref = r.stix_id)))`;
      for (let pass = 0; pass < 2; pass++) {
        await sql`delete from stix_objects r where ${held} and not ${namer(false)}`.execute(db);
        await sql`update stix_objects r set state = 'recalled' where ${held} and r.state = 'active' and not ${namer(true)}`.execute(db);
      }
    }
  }

  /** `visible(alias)`: whether the row under that alias may be served to this reader. Rows past PAGE_MAX_BYTES come without their object. */
  function page(visible: (row: string) => RawBuilder<boolean>, filter: ObjectFilter, limit: number): Promise<ServedRow[]> {
    // The objects leave as the text stored: decoding 1,000 of them to encode them again was most of a
    // page's time. Only the columns a page uses are selected: the driver's parsing is per column.
    const objects = filter.objects ?? true;
    const withinPage = sql<boolean>`sum(o.object_bytes) over (order by o.seq) - o.object_bytes < ${PAGE_MAX_BYTES}`;
    let query = db
      .selectFrom('stix_objects as o')
      .select([
        'o.seq',
        'o.stix_id',
        'o.version',
        isoText('o.modified').as('modified'),
        isoText('o.date_added').as('date_added'),
        sql<LabelColumns | null>`case when o.stripped is null then null else json_build_object(${sql.raw(
          LABEL_COLUMN_NAMES.map((c) => `'${c}', o.${c}`).join(', '),
        )}) end`.as('label'),
        // A row past the page's size (text sizes, counted in order, the first row always within)
        // comes without its object: the page ends before it. Its text is never read.
        objects ? sql<string | null>`case when ${withinPage} then o.object::text end`.as('object') : sql<string>`''`.as('object'),
        objects
          ? sql<string | null>`case when ${withinPage} then o.stripped::text end`.as('stripped')
          : sql<string | null>`null`.as('stripped'),
      ])
      .where(visible('o'))
      // A reference held under several labels is served once, at the first of its rows the reader may read.
      .where(
        // The nearest such row before it, looked for backwards through (stix_id, seq): a reader who may
        // read few of an identity's many rows steps over the hidden ones once, not once per row.
        sql<boolean>`(not o.reference or (select earlier.seq from stix_objects earlier where earlier.reference and earlier.stix_id = o.stix_id
          and earlier.seq < o.seq and ${visible('earlier')} order by earlier.seq desc limit 1) is null)`,
      );
    if (filter.versions !== 'all') {
      const { last, first, modified } = filter.versions === 'last' ? { last: true } : filter.versions;
      const matches: RawBuilder<boolean>[] = [];
      // Each object's newest version: the highest version held, whatever order the versions came in.
      if (last) matches.push(sql<boolean>`o.superseded = false`);
      if (first)
        matches.push(
          sql<boolean>`not exists (select 1 from stix_objects f where f.stix_id = o.stix_id and f.version < o.version and ${visible('f')})`,
        );
      if (modified?.length) matches.push(sql<boolean>`o.modified in (${sql.join(modified)})`);
      query = query.where(matches.length === 0 ? sql<boolean>`false` : sql<boolean>`(${sql.join(matches, sql` or `)})`);
    }
    if (filter.specVersions?.length)
      query = query.where(sql<string>`coalesce(o.object->>'spec_version', '2.0')`, 'in', filter.specVersions);
    if (filter.afterSeq !== undefined) query = query.where('o.seq', '>', filter.afterSeq);
    if (filter.addedAfter) query = query.where('o.date_added', '>', filter.addedAfter);
    if (filter.ids?.length) query = query.where('o.stix_id', 'in', filter.ids);
    if (filter.types?.length) query = query.where('o.stix_type', 'in', filter.types);
    return query.orderBy('o.seq').limit(limit).execute();
  }
}
