import { inIdOrder, insertNewRows } from './sql/insert-new';
import { anyText } from './sql/text-array';
import { sql } from 'kysely';
import type { Insertable, Kysely, RawBuilder, Selectable, Updateable } from 'kysely';
import { LABEL_COLUMN_NAMES } from '../../../shared/labels/label-columns';
import {
  CHANGE_COLUMN_TYPES,
  INCIDENT_COLUMN_TYPES,
  INCIDENT_VERSION_COLUMN_TYPES,
  bulkInsert,
  recordsetInsert,
  recordsetInsertReturning,
} from './sql/bulk-insert';
import { copyRows } from './sql/copy-rows';
import { readableBy } from './sql/releasability-sql';
import type { IncidentListQuery, IncidentSort } from '../../../shared/contracts/incidents';
import type { Reader } from '../../../shared/labels/label';
import type { ChangesTable, DB, IncidentsTable, IncidentVersionsTable } from '../schema';

export type IncidentRow = Omit<Selectable<IncidentsTable>, 'search'>;
export type IncidentVersionRow = Selectable<IncidentVersionsTable>;

export const INCIDENT_COLUMNS = [
  'id',
  'version',
  'release_state',
  'domain',
  'subtype',
  'title',
  'narrative',
  'occurred_at',
  'time_precision',
  'country',
  'admin1',
  'admin2',
  'place_name',
  'lat',
  'lon',
  'geo_precision',
  'uncertainty_km',
  'killed',
  'wounded',
  'abducted',
  'sources',
  'sources_label',
  'proposed_label',
  'created_by',
  'created_at',
  'updated_at',
  ...LABEL_COLUMN_NAMES,
] as const;

/** A block of map grid cells: cell (x, y) covers [x·size, (x+1)·size) × [y·size, (y+1)·size) degrees. */
export interface CellRange {
  size: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export type IncidentFilter = Omit<IncidentListQuery, 'limit' | 'cursor' | 'sort'> & { cells?: CellRange; ids?: string[] };

/** The column each list order sorts on, and which way; ties are broken by id the same way. */
export const INCIDENT_SORT_KEYS = {
  newest: { column: 'occurred_at', direction: 'desc' },
  oldest: { column: 'occurred_at', direction: 'asc' },
  title: { column: 'title', direction: 'asc' },
  'title-desc': { column: 'title', direction: 'desc' },
  country: { column: 'country', direction: 'asc' },
  'country-desc': { column: 'country', direction: 'desc' },
  classification: { column: 'classification_rank', direction: 'asc' },
  'classification-desc': { column: 'classification_rank', direction: 'desc' },
} as const satisfies Record<IncidentSort, { column: keyof IncidentRow; direction: 'asc' | 'desc' }>;

/** Where the previous page ended: the last row's sort value and id. */
export interface SortPosition {
  value: Date | string | number;
  id: string;
}

/** Highest classification, most caveats, fewest nations; then a fixed order, so ties answer the same every time. */
const MOST_RESTRICTIVE_FIRST = sql`classification_rank desc, cardinality(caveats) desc, cardinality(rel_to), rel_to::text, caveats::text, tlp`;

/** Incidents inside a block of grid cells — the same cells the map cell counts use. */
function inCells(cells: CellRange) {
  const size = sql.lit(cells.size);
  return sql<boolean>`(lat >= ${cells.y0 * cells.size} and lat < ${(cells.y1 + 1) * cells.size} and lon >= ${cells.x0 * cells.size} and lon < ${(cells.x1 + 1) * cells.size}
    and floor(lon / ${size}) between ${cells.x0} and ${cells.x1} and floor(lat / ${size}) between ${cells.y0} and ${cells.y1})`;
}

/** Readable by `reader` and matching the filters: the one base every incident read path builds on. */
function readableMatching(db: Kysely<DB>, reader: Reader, filter: IncidentFilter) {
  let query = db.selectFrom('incidents').where(readableBy(reader, 'incidents'));
  if (filter.domain) query = query.where('domain', '=', filter.domain);
  if (filter.subtype) query = query.where('subtype', '=', filter.subtype);
  if (filter.nation) query = query.where('originator_nation', '=', filter.nation);
  if (filter.country) query = query.where('country', '=', filter.country);
  if (filter.from) query = query.where('occurred_at', '>=', new Date(filter.from));
  if (filter.to) query = query.where('occurred_at', '<', new Date(filter.to));
  if (filter.bbox) {
    const [west, south, east, north] = filter.bbox.split(',').map(Number) as [number, number, number, number];
    query = query.where('lat', '>=', south).where('lat', '<=', north);
    query =
      west <= east
        ? query.where('lon', '>=', west).where('lon', '<=', east)
        : query.where((eb) => eb.or([eb('lon', '>=', west), eb('lon', '<=', east)]));
  }
  if (filter.q) query = query.where(sql<boolean>`incidents.search @@ plainto_tsquery('simple', ${filter.q})`);
  if (filter.classification) query = query.where('classification', '=', filter.classification);
  if (filter.tlp) query = query.where('tlp', '=', filter.tlp);
  // Linked to an actor the reader may read: filtering by one they may not read shows nothing.
  if (filter.actor) {
    query = query.where(
      sql<boolean>`exists (select 1 from record_links l join actors a on a.id = l.to_id
        where l.from_kind = 'incident' and l.from_id = incidents.id and l.to_kind = 'actor' and l.to_id = ${filter.actor} and ${readableBy(reader, 'a')})`,
    );
  }
  if (filter.cells) query = query.where(inCells(filter.cells));
  if (filter.ids) query = query.where('id', 'in', filter.ids);
  return query;
}

type CellFilter = { domain?: string; nation?: string; classification?: string; tlp?: string };

function readableCells(db: Kysely<DB>, reader: Reader, level: number, cells: CellRange, filter: CellFilter) {
  let query = db
    .selectFrom('incident_map_cells')
    .where('level', '=', level)
    .where('cx', '>=', cells.x0)
    .where('cx', '<=', cells.x1)
    .where('cy', '>=', cells.y0)
    .where('cy', '<=', cells.y1)
    .where(readableBy(reader, 'incident_map_cells'));
  if (filter.domain) query = query.where('domain', '=', filter.domain);
  if (filter.nation) query = query.where('originator_nation', '=', filter.nation);
  if (filter.classification) query = query.where('classification', '=', filter.classification);
  if (filter.tlp) query = query.where('tlp', '=', filter.tlp);
  return query;
}

/** New incidents with their first versions and change records, as one batch (snapshots as objects). */
export interface IncidentBatch {
  incidents: Record<string, unknown>[];
  versions: Record<string, unknown>[];
  changes: Insertable<ChangesTable>[];
}

/**
 * The writes of a batch of new incidents as parts of one chained statement (see
 * audit-repository's `chainedStatement`), each made only `where` the audit head moved; returns the
 * stored incidents.
 */
export function incidentBatchWrites(batch: IncidentBatch, where: RawBuilder<unknown>) {
  return {
    writes: [
      recordsetInsert('incident_versions', INCIDENT_VERSION_COLUMN_TYPES, batch.versions, { where }),
      recordsetInsert('changes', CHANGE_COLUMN_TYPES, batch.changes, { where }),
    ],
    returning: recordsetInsertReturning<IncidentRow>('incidents', INCIDENT_COLUMN_TYPES, batch.incidents, INCIDENT_COLUMNS, { where }),
  };
}

export function incidentRepository(db: Kysely<DB>) {
  return {
    insert: (row: Insertable<IncidentsTable>) => db.insertInto('incidents').values(row).execute(),
    /** Versions of incidents, in one statement however many (snapshots as objects). */
    insertVersionsBulk: (rows: Record<string, unknown>[]) => bulkInsert(db, 'incident_versions', INCIDENT_VERSION_COLUMN_TYPES, rows),
    /** A large batch (an import) by COPY where the database offers it. */
    copyBatch: async (batch: IncidentBatch) => {
      await copyRows(db, 'incidents', INCIDENT_COLUMN_TYPES, batch.incidents);
      await copyRows(db, 'incident_versions', INCIDENT_VERSION_COLUMN_TYPES, batch.versions);
      await copyRows(db, 'changes', CHANGE_COLUMN_TYPES, batch.changes);
    },
    insertReturning: (row: Insertable<IncidentsTable>) =>
      db.insertInto('incidents').values(row).returning(INCIDENT_COLUMNS).executeTakeFirstOrThrow(),
    insertMany: (rows: Insertable<IncidentsTable>[]) => db.insertInto('incidents').values(rows).execute(),
    insertManyIfAbsent: (rows: Insertable<IncidentsTable>[]) =>
      db
        .insertInto('incidents')
        .values(rows)
        .onConflict((oc) => oc.column('id').doNothing())
        .execute(),
    insertVersionsIfAbsent: (rows: Insertable<IncidentVersionsTable>[]) =>
      db
        .insertInto('incident_versions')
        .values(rows)
        .onConflict((oc) => oc.columns(['id', 'version']).doNothing())
        .execute(),
    insertVersions: (rows: Insertable<IncidentVersionsTable>[]) => db.insertInto('incident_versions').values(rows).execute(),
    update: (id: string, set: Updateable<IncidentsTable>) => db.updateTable('incidents').set(set).where('id', '=', id).execute(),
    findReadable: (id: string, reader: Reader) =>
      db.selectFrom('incidents').select(INCIDENT_COLUMNS).where('id', '=', id).where(readableBy(reader, 'incidents')).executeTakeFirst(),
    findReadableMany: (ids: string[], reader: Reader) =>
      ids.length === 0
        ? Promise.resolve([])
        : db.selectFrom('incidents').select(INCIDENT_COLUMNS).where('id', 'in', ids).where(readableBy(reader, 'incidents')).execute(),
    exists: async (id: string) => (await db.selectFrom('incidents').select('id').where('id', '=', id).executeTakeFirst()) !== undefined,
    /** The records of these ids, locked until the transaction ends (in id order, so writers lock in one order). */
    findManyForUpdate: (ids: string[]) =>
      inIdOrder(ids, (chunk) =>
        db.selectFrom('incidents').select(INCIDENT_COLUMNS).where('id', '=', anyText(chunk)).orderBy('id').forUpdate().execute(),
      ),
    /** Inserts new records; answers the ids taken meanwhile (those rows are not written). */
    insertNew: (rows: Insertable<DB['incidents']>[]) => insertNewRows(db, 'incidents', rows),
    findForUpdate: (id: string) => db.selectFrom('incidents').select(INCIDENT_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst(),
    /**
     * Filters and releasability in one query, in the order asked (newest first by default), keyset
     * pagination on (sort column, id): rows after `after` in that order.
     */
    listReadable: (reader: Reader, filter: IncidentFilter, limit: number, after: SortPosition | null, sort: IncidentSort = 'newest') => {
      const { column, direction } = INCIDENT_SORT_KEYS[sort];
      let query = readableMatching(db, reader, filter).select(INCIDENT_COLUMNS);
      if (after) {
        const key = sql.ref(`incidents.${column}`);
        query = query.where(
          direction === 'desc'
            ? sql<boolean>`(${key}, incidents.id) < (${after.value}, ${after.id})`
            : sql<boolean>`(${key}, incidents.id) > (${after.value}, ${after.id})`,
        );
      }
      return query.orderBy(column, direction).orderBy('id', direction).limit(limit).execute();
    },
    /** Which of these incidents the reader may read and the filter matches. */
    readableAmong: async (reader: Reader, filter: IncidentFilter, ids: string[]) =>
      ids.length === 0 ? [] : (await readableMatching(db, reader, filter).select('id').where('id', 'in', ids).execute()).map((r) => r.id),
    countReadable: async (reader: Reader, filter: IncidentFilter) =>
      Number(
        (
          await readableMatching(db, reader, filter)
            .select(sql<number>`count(*)`.as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    /**
     * Grid clusters of readable, located incidents: `cellDegrees` wide cells, one row per cell and
     * domain with its count and coordinate sums (the caller merges a cell's domains).
     */
    clusters: (reader: Reader, filter: IncidentFilter, cellDegrees: number) => {
      const cell = sql.lit(cellDegrees);
      return readableMatching(db, reader, filter)
        .where('lat', 'is not', null)
        .where('lon', 'is not', null)
        .select([
          sql<number>`floor(lon / ${cell})`.as('cx'),
          sql<number>`floor(lat / ${cell})`.as('cy'),
          'domain',
          sql<number>`count(*)`.as('count'),
          sql<number>`sum(lat)`.as('sum_lat'),
          sql<number>`sum(lon)`.as('sum_lon'),
          sql<string>`min(id)`.as('id'),
        ])
        .groupBy([sql`floor(lon / ${cell})`, sql`floor(lat / ${cell})`, 'domain'])
        .limit(5_000)
        .execute();
    },
    /** What a map card shows of single incidents: title, time, domain, place and uncertainty. */
    cardsOf: (reader: Reader, ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('incidents')
            .select(['id', 'title', 'occurred_at', 'domain', 'lat', 'lon', 'uncertainty_km'])
            .where('id', 'in', ids)
            .where(readableBy(reader, 'incidents'))
            .execute(),
    /** First and last time and the count of readable incidents matching the filters. */
    timeExtent: async (reader: Reader, filter: IncidentFilter) => {
      const row = await readableMatching(db, reader, filter)
        .select([
          sql<Date | null>`min(occurred_at)`.as('first'),
          sql<Date | null>`max(occurred_at)`.as('last'),
          sql<number>`count(*)`.as('n'),
        ])
        .executeTakeFirstOrThrow();
      return {
        first: row.first === null ? null : new Date(row.first),
        last: row.last === null ? null : new Date(row.last),
        count: Number(row.n),
      };
    },
    /** Readable incidents matching the filters counted per UTC day, ISO week or month and domain. */
    timeBuckets: (reader: Reader, filter: IncidentFilter, unit: 'day' | 'week' | 'month') => {
      const start = sql`date_trunc(${sql.lit(unit)}, occurred_at at time zone 'UTC')`;
      return readableMatching(db, reader, filter)
        .select([sql<string>`to_char(${start}, 'YYYY-MM-DD')`.as('start'), 'domain', sql<number>`count(*)`.as('count')])
        .groupBy([start, 'domain'])
        .orderBy(start)
        .orderBy('domain')
        .execute();
    },
    /** The label of the most restrictive readable incident matching the filters, for the marking banner. */
    mostRestrictive: (reader: Reader, filter: IncidentFilter) =>
      readableMatching(db, reader, filter).select(LABEL_COLUMN_NAMES).orderBy(MOST_RESTRICTIVE_FIRST).limit(1).executeTakeFirst(),
    /**
     * How many readable incidents match, and how many by domain, originating nation and month, in
     * one pass over them (grouping sets): four scans cost the dashboard three times as much. A row
     * with only its domain set is a domain's count, and so on; the row with none is the total.
     */
    counts: async (reader: Reader, filter: IncidentFilter) => {
      // Months grouped by their start and written as text once per group (to_char on every row
      // cost more than the rest of the query).
      const month = sql`date_trunc('month', occurred_at at time zone 'UTC')`;
      const rows = await readableMatching(db, reader, filter)
        .select([
          sql<string | null>`domain`.as('domain'),
          sql<string | null>`originator_nation`.as('nation'),
          sql<string | null>`to_char(${month}, 'YYYY-MM')`.as('month'),
          sql<number>`count(*)`.as('count'),
        ])
        .groupBy(sql`grouping sets ((domain), (originator_nation), (${month}), ())`)
        .execute();
      const by = (key: 'domain' | 'nation' | 'month') =>
        rows
          .flatMap((row) => (row[key] === null ? [] : [{ key: row[key], count: Number(row.count) }]))
          .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const total = rows.find((row) => row.domain === null && row.nation === null && row.month === null);
      return { total: Number(total?.count ?? 0), byDomain: by('domain'), byNation: by('nation'), byMonth: by('month') };
    },
    /**
     * Map clusters from the cell counts (migration 0005) at `level`: each row counts incidents of one
     * label, so the releasability condition applies per row exactly as to the incidents themselves.
     */
    cellClusters: (reader: Reader, level: number, cells: CellRange, filter: CellFilter) =>
      readableCells(db, reader, level, cells, filter)
        .select([
          'cx',
          'cy',
          'domain',
          sql<number>`sum(count)`.as('count'),
          sql<number>`sum(sum_lat)`.as('sum_lat'),
          sql<number>`sum(sum_lon)`.as('sum_lon'),
        ])
        .groupBy(['cx', 'cy', 'domain'])
        .limit(5_000)
        .execute(),
    cellMostRestrictive: (reader: Reader, level: number, cells: CellRange, filter: CellFilter) =>
      readableCells(db, reader, level, cells, filter)
        .select([...LABEL_COLUMN_NAMES.filter((c) => c !== 'label_version'), sql<number>`0`.as('label_version')])
        .orderBy(MOST_RESTRICTIVE_FIRST)
        .limit(1)
        .executeTakeFirst(),
    /** The one readable incident in each of these cells (cells the counts say hold exactly one). */
    loneIncidents: (reader: Reader, size: number, cells: { cx: number; cy: number }[], filter: IncidentFilter) =>
      cells.length === 0
        ? Promise.resolve([])
        : readableMatching(db, reader, filter)
            .where((eb) => eb.or(cells.map((c) => inCells({ size, x0: c.cx, x1: c.cx, y0: c.cy, y1: c.cy }))))
            .select(['id', 'title', 'occurred_at', 'domain', 'lat', 'lon', 'uncertainty_km'])
            .execute(),
    /** The versions of an incident whose own label the reader passes, oldest first. */
    /** The versions whose own label the reader passes, oldest first, with their authors' names. */
    readableVersions: (id: string, reader: Reader) =>
      db
        .selectFrom('incident_versions')
        .leftJoin('users', 'users.id', 'incident_versions.changed_by')
        .selectAll('incident_versions')
        .select('users.display_name as changed_by_name')
        .where('incident_versions.id', '=', id)
        .where(readableBy(reader, 'incident_versions'))
        .orderBy('incident_versions.version')
        .execute(),
  };
}
