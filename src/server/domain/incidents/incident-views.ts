/**
 * Derived views of the shared picture — map clusters, dashboard counts, exports. Each is computed
 * in SQL over what the reader may read (the same base query as the list), never filtered after.
 */
import { setImmediate } from 'node:timers/promises';
import { stringify } from 'csv-stringify/sync';
import { formatMarking } from '../../../shared/labels/format-label';
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { incidentRepository } from '../../db/repositories/incident-repository';
import { formulaSafeCell } from '../csv-cells';
import { appendAuditAlone } from '../audit/audit-log';
import { exportAllowanceOf, inExportTurn } from './export-allowance';
import type { CasualtyCount, IncidentTimeline } from '../../../shared/contracts/incidents';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';
import type { CellRange, IncidentFilter, IncidentRow, SortPosition } from '../../db/repositories/incident-repository';
import type { LabelColumns } from '../../db/schema';

function markingOf(columns: LabelColumns) {
  const label = labelFromColumns(columns);
  return { classification: label.classification, marking: formatMarking(label) };
}

/** Cell width in degrees for a zoom level: about eight cells across a map tile. */
export function cellDegreesFor(zoom: number): number {
  return 360 / 2 ** zoom / 8;
}

/** Zoom levels whose grid the map cell counts keep (migration 0005). */
export const COUNTED_LEVELS = { min: 2, max: 9 } as const;

/** The block of grid cells a viewport touches; null when it crosses the antimeridian. */
export function cellRangeFor(bbox: string, size: number): CellRange | null {
  const [west, south, east, north] = bbox.split(',').map(Number) as [number, number, number, number];
  if (west > east || south > north) return null;
  return { size, x0: Math.floor(west / size), x1: Math.floor(east / size), y0: Math.floor(south / size), y1: Math.floor(north / size) };
}

/** Single incidents a map answer describes with a card (title and time); the rest stay counts. */
export const MAP_CARDS = 1_000;

type CellDomainRow = { cx: number; cy: number; domain: string; count: number; sum_lat: number; sum_lon: number; id?: string };
type Card = {
  id: string;
  title: string;
  occurred_at: Date;
  domain: string;
  lat: number | null;
  lon: number | null;
  uncertainty_km: number | null;
};

/** One cluster per cell: its domains' counts merged, the centroid of all of them. */
function mergeCells(rows: CellDomainRow[]) {
  type Cell = { cx: number; cy: number; count: number; sumLat: number; sumLon: number; id?: string; domains: Map<string, number> };
  const cells = new Map<string, Cell>();
  for (const row of rows) {
    const key = `${row.cx},${row.cy}`;
    const cell: Cell = cells.get(key) ?? { cx: Number(row.cx), cy: Number(row.cy), count: 0, sumLat: 0, sumLon: 0, domains: new Map() };
    const count = Number(row.count);
    cell.count += count;
    cell.sumLat += Number(row.sum_lat);
    cell.sumLon += Number(row.sum_lon);
    cell.domains.set(row.domain, (cell.domains.get(row.domain) ?? 0) + count);
    if (row.id) cell.id = row.id;
    cells.set(key, cell);
  }
  return [...cells.values()];
}

function presentClusters(cells: ReturnType<typeof mergeCells>, cards: Map<string, Card>) {
  return cells.map((cell) => {
    const card = cell.count === 1 ? cards.get(`${cell.cx},${cell.cy}`) : undefined;
    return {
      lat: card?.lat ?? cell.sumLat / cell.count,
      lon: card?.lon ?? cell.sumLon / cell.count,
      count: cell.count,
      domains: [...cell.domains]
        .map(([domain, count]) => ({ domain, count }))
        .sort((a, b) => b.count - a.count || (a.domain < b.domain ? -1 : 1)),
      ...(card
        ? {
            id: card.id,
            title: card.title,
            occurredAt: new Date(card.occurred_at).toISOString(),
            ...(card.uncertainty_km !== null ? { uncertaintyKm: Number(card.uncertainty_km) } : {}),
          }
        : {}),
    };
  });
}

/**
 * Map clusters for a viewport: incidents in the grid cells the viewport touches, counted per cell
 * and domain. With only the domain or originating nation as filters, at the zoom levels the cell
 * counts keep, the answer comes from those counts (a few thousand rows instead of every incident);
 * otherwise from the incidents themselves. Both use the same cells and the same releasability
 * condition. A cell holding one incident carries its card (title, time) for the hover card.
 */
export async function incidentMap(ctx: Context, actor: UserActor, filter: IncidentFilter, zoom: number) {
  const repo = incidentRepository(ctx.database.db);
  const size = cellDegreesFor(zoom);
  const { bbox, ...rest } = filter;
  const cells = bbox ? cellRangeFor(bbox, size) : null;
  const cellOf = (c: { lat: number | null; lon: number | null }) => `${Math.floor((c.lon ?? 0) / size)},${Math.floor((c.lat ?? 0) / size)}`;
  const counted =
    cells !== null &&
    zoom >= COUNTED_LEVELS.min &&
    zoom <= COUNTED_LEVELS.max &&
    !rest.from &&
    !rest.to &&
    !rest.q &&
    !rest.subtype &&
    !rest.country &&
    !rest.actor;
  if (counted) {
    const [rows, top] = await Promise.all([
      repo.cellClusters(actor.reader, zoom, cells, rest),
      repo.cellMostRestrictive(actor.reader, zoom, cells, rest),
    ]);
    const merged = mergeCells(rows);
    const lone = merged.filter((c) => c.count === 1).slice(0, MAP_CARDS);
    const cards = new Map((await repo.loneIncidents(actor.reader, size, lone, rest)).map((i) => [cellOf(i), i]));
    return {
      total: merged.reduce((sum, c) => sum + c.count, 0),
      mostRestrictive: top ? markingOf(top) : null,
      clusters: presentClusters(merged, cards),
    };
  }
  const scoped: IncidentFilter = cells ? { ...rest, cells } : filter;
  const [total, rows, top] = await Promise.all([
    repo.countReadable(actor.reader, scoped),
    repo.clusters(actor.reader, scoped, size),
    repo.mostRestrictive(actor.reader, scoped),
  ]);
  const merged = mergeCells(rows);
  const loneIds = merged.flatMap((c) => (c.count === 1 && c.id ? [c.id] : [])).slice(0, MAP_CARDS);
  const cards = new Map((await repo.cardsOf(actor.reader, loneIds)).map((i) => [cellOf(i), i]));
  return { total, mostRestrictive: top ? markingOf(top) : null, clusters: presentClusters(merged, cards) };
}

/** Incidents a timeline answer lists one by one; above it, only counts per bucket. */
export const TIMELINE_ITEMS = 300;
const DAY = 86_400_000;

/** Days for up to three months, ISO weeks for up to three years, months beyond. */
export function timelineUnitFor(spanMs: number): 'day' | 'week' | 'month' {
  if (spanMs <= 92 * DAY) return 'day';
  if (spanMs <= 3 * 366 * DAY) return 'week';
  return 'month';
}

/**
 * The timeline of readable incidents matching the filters: counts per bucket (UTC day, week or
 * month, by the span asked or found) and domain, and the incidents themselves when they are few
 * enough to draw one by one. Counted in SQL over what the reader may read, like the list.
 */
export async function incidentTimeline(ctx: Context, actor: UserActor, filter: IncidentFilter) {
  const repo = incidentRepository(ctx.database.db);
  const [extent, top] = await Promise.all([repo.timeExtent(actor.reader, filter), repo.mostRestrictive(actor.reader, filter)]);
  const start = filter.from ? Date.parse(filter.from) : (extent.first?.getTime() ?? 0);
  const end = filter.to ? Date.parse(filter.to) : (extent.last?.getTime() ?? 0);
  const unit = timelineUnitFor(Math.max(0, end - start));
  const [buckets, items] = await Promise.all([
    extent.count === 0 ? [] : repo.timeBuckets(actor.reader, filter, unit),
    extent.count > TIMELINE_ITEMS
      ? null
      : extent.count === 0
        ? []
        : repo.listReadable(actor.reader, filter, TIMELINE_ITEMS, null, 'oldest'),
  ]);
  return {
    total: extent.count,
    mostRestrictive: top ? markingOf(top) : null,
    first: extent.first?.toISOString() ?? null,
    last: extent.last?.toISOString() ?? null,
    unit,
    buckets: buckets.map((b) => ({ start: b.start, domain: b.domain, count: Number(b.count) })),
    ...(items
      ? {
          items: items.map((i) => ({
            id: i.id,
            title: i.title,
            domain: i.domain,
            occurredAt: new Date(i.occurred_at).toISOString(),
            timePrecision: i.time_precision as NonNullable<IncidentTimeline['items']>[number]['timePrecision'],
          })),
        }
      : {}),
  };
}

export async function incidentStats(ctx: Context, actor: UserActor, filter: IncidentFilter) {
  const repo = incidentRepository(ctx.database.db);
  const [counts, top] = await Promise.all([repo.counts(actor.reader, filter), repo.mostRestrictive(actor.reader, filter)]);
  return { ...counts, mostRestrictive: top ? markingOf(top) : null };
}

const count = (c: unknown) => {
  const value = c as CasualtyCount;
  return value.kind === 'unknown' ? 'unknown' : value.kind === 'range' ? `${value.min}-${value.max}` : String(value.value);
};

export const CSV_COLUMNS = [
  'id',
  'version',
  'occurred_at',
  'time_precision',
  'domain',
  'subtype',
  'title',
  'country',
  'admin1',
  'admin2',
  'place',
  'latitude',
  'longitude',
  'geo_precision',
  'uncertainty_km',
  'killed',
  'wounded',
  'abducted',
  'originator',
  'marking',
] as const;

export function incidentsToCsv(rows: IncidentRow[]): string {
  return stringify(
    rows.map((r) => [
      r.id,
      r.version,
      new Date(r.occurred_at).toISOString(),
      r.time_precision,
      r.domain,
      r.subtype,
      r.title,
      r.country,
      r.admin1 ?? '',
      r.admin2 ?? '',
      r.place_name ?? '',
      r.lat ?? '',
      r.lon ?? '',
      r.geo_precision,
      r.uncertainty_km ?? '',
      count(r.killed),
      count(r.wounded),
      count(r.abducted),
      r.originator_nation,
      formatMarking(labelFromColumns(r)),
    ]),
    { header: true, columns: [...CSV_COLUMNS], cast: { string: formulaSafeCell } },
  );
}

/**
 * Incidents an export reads at a time. A page is one step on the event loop (its objects, its
 * text, and on the embedded database its query too): at 100 a step takes a few tens of
 * milliseconds; at 500 it held a health check up for a hundred and more.
 */
export const EXPORT_PAGE = 100;

/**
 * Exports the filtered set, newest first, as pages (EXPORT_PAGE) read one after another while
 * the caller sends them — never the whole set in memory. An export is a disclosure like any read:
 * each page is recorded in the audit (which records went out, to whom) before it is handed over.
 * One person runs a bounded number of exports (export-allowance.ts; 429 beyond it, before anything
 * is read), exports take turns at the database, and between pages an export lets the event loop
 * serve others.
 */
export function exportIncidents(
  ctx: Context,
  actor: UserActor,
  filter: IncidentFilter,
  format: string,
): AsyncIterableIterator<IncidentRow[]> {
  const giveBack = exportAllowanceOf(ctx).take(actor.user.id, ctx.clock.now().getTime());
  const pages = readablePages(ctx, actor, filter, format);
  const finish = async <T>(result: Promise<IteratorResult<IncidentRow[], T>>) => {
    try {
      const answer = await result;
      if (answer.done) giveBack();
      return answer;
    } catch (error) {
      giveBack();
      throw error;
    }
  };
  // The place is given back however the export ends: read to the end, failed, or abandoned by a
  // client that went away (even before the first page, when a generator's `finally` would not run).
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next: () => finish(pages.next()),
    return: (value?: unknown) => {
      giveBack();
      return finish(pages.return(value as undefined));
    },
  };
}

async function* readablePages(
  ctx: Context,
  actor: UserActor,
  filter: IncidentFilter,
  format: string,
): AsyncGenerator<IncidentRow[], undefined> {
  const repo = incidentRepository(ctx.database.db);
  let after: SortPosition | null = null;
  for (let page = 1; ; page++) {
    const rows = await inExportTurn(ctx, async () => {
      const read = await repo.listReadable(actor.reader, filter, EXPORT_PAGE, after);
      if (read.length > 0 || page === 1) {
        await appendAuditAlone(ctx.database, ctx.clock, [
          {
            actor,
            event: { action: 'incident.export', details: { format, page, count: read.length, ids: read.map((r) => r.id), filter } },
          },
        ]);
      }
      return read;
    });
    if (rows.length > 0 || page === 1) yield rows;
    const last = rows.at(-1);
    if (rows.length < EXPORT_PAGE || !last) return undefined;
    after = { value: last.occurred_at, id: last.id };
    // Let waiting requests (a health check, another reader) in before the next page.
    await setImmediate();
  }
}
