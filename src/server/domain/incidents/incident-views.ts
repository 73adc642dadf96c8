/**
 * Derived views of the shared picture — map clusters, dashboard counts, exports. Each is computed
 * in SQL over what the reader may read (the same base query as the list), never filtered after.
 */
import { setImmediate } from 'node:timers/promises';
import { stringify } from 'csv-stringify/sync';
import { formatMarking } from '../../../shared/labels/format-label';
import { labelFromColumns } from '../../db/label-columns';
import { incidentRepository } from '../../db/repositories/incident-repository';
import { formulaSafeCell } from '../csv-cells';
import { appendAuditAlone } from '../audit/audit-log';
import { exportAllowanceOf, inExportTurn } from './export-allowance';
import type { CasualtyCount } from '../../../shared/contracts/incidents';
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

/**
 * Map clusters for a viewport: incidents in the grid cells the viewport touches, counted per cell.
 * With only the domain or originating nation as filters, at the zoom levels the cell counts keep,
 * the answer comes from those counts (a few thousand rows instead of every incident); otherwise
 * from the incidents themselves. Both use the same cells and the same releasability condition.
 */
export async function incidentMap(ctx: Context, actor: UserActor, filter: IncidentFilter, zoom: number) {
  const repo = incidentRepository(ctx.database.db);
  const size = cellDegreesFor(zoom);
  const { bbox, ...rest } = filter;
  const cells = bbox ? cellRangeFor(bbox, size) : null;
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
    const lone = rows.filter((r) => Number(r.count) === 1).slice(0, 1_000);
    const loneByCell = new Map(
      (await repo.loneIncidents(actor.reader, size, lone, rest)).map((i) => [
        `${Math.floor((i.lon ?? 0) / size)},${Math.floor((i.lat ?? 0) / size)}`,
        i,
      ]),
    );
    return {
      total: rows.reduce((sum, r) => sum + Number(r.count), 0),
      mostRestrictive: top ? markingOf(top) : null,
      clusters: rows.map((r) => {
        const single = Number(r.count) === 1 ? loneByCell.get(`${r.cx},${r.cy}`) : undefined;
        return {
          lat: single?.lat ?? Number(r.lat),
          lon: single?.lon ?? Number(r.lon),
          count: Number(r.count),
          ...(single ? { id: single.id } : {}),
          ...(single && single.uncertainty_km !== null ? { uncertaintyKm: Number(single.uncertainty_km) } : {}),
        };
      }),
    };
  }
  const scoped: IncidentFilter = cells ? { ...rest, cells } : filter;
  const [total, rows, top] = await Promise.all([
    repo.countReadable(actor.reader, scoped),
    repo.clusters(actor.reader, scoped, size),
    repo.mostRestrictive(actor.reader, scoped),
  ]);
  return {
    total,
    mostRestrictive: top ? markingOf(top) : null,
    clusters: rows.map((c) => ({
      lat: Number(c.lat),
      lon: Number(c.lon),
      count: Number(c.count),
      ...(Number(c.count) === 1 ? { id: c.id } : {}),
      ...(c.uncertainty_km !== null ? { uncertaintyKm: Number(c.uncertainty_km) } : {}),
    })),
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
