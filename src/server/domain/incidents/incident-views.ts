/**
 * Derived views of the shared picture — map clusters, dashboard counts, exports. Each is computed
 * in SQL over what the reader may read (the same base query as the list), never filtered after.
 */
import { stringify } from 'csv-stringify/sync';
import { formatMarking } from '../../../shared/labels/format-label';
import { labelFromColumns } from '../../db/label-columns';
import { incidentRepository } from '../../db/repositories/incident-repository';
import { appendAudit } from '../audit/audit-log';
import type { CasualtyCount } from '../../../shared/contracts/incidents';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';
import type { IncidentFilter, IncidentRow } from '../../db/repositories/incident-repository';
import type { LabelColumns } from '../../db/schema';

function markingOf(columns: LabelColumns) {
  const label = labelFromColumns(columns);
  return { classification: label.classification, marking: formatMarking(label) };
}

/** Cell width in degrees for a zoom level: about eight cells across a map tile. */
export function cellDegreesFor(zoom: number): number {
  return 360 / 2 ** zoom / 8;
}

export async function incidentMap(ctx: Context, actor: UserActor, filter: IncidentFilter, zoom: number) {
  const repo = incidentRepository(ctx.database.db);
  const [total, cells, top] = await Promise.all([
    repo.countReadable(actor.reader, filter),
    repo.clusters(actor.reader, filter, cellDegreesFor(zoom)),
    repo.mostRestrictive(actor.reader, filter),
  ]);
  return {
    total,
    mostRestrictive: top ? markingOf(top) : null,
    clusters: cells.map((c) => ({
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
  const buckets = async (dimension: 'domain' | 'nation' | 'month') =>
    (await repo.countBy(actor.reader, filter, dimension)).map((b) => ({ key: String(b.key), count: Number(b.count) }));
  const [total, top, byDomain, byNation, byMonth] = await Promise.all([
    repo.countReadable(actor.reader, filter),
    repo.mostRestrictive(actor.reader, filter),
    buckets('domain'),
    buckets('nation'),
    buckets('month'),
  ]);
  return { total, mostRestrictive: top ? markingOf(top) : null, byDomain, byNation, byMonth };
}

/** Every readable incident matching the filters, newest first, read in pages. */
async function allReadable(ctx: Context, actor: UserActor, filter: IncidentFilter): Promise<IncidentRow[]> {
  const repo = incidentRepository(ctx.database.db);
  const rows: IncidentRow[] = [];
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    const page = await repo.listReadable(actor.reader, filter, 1_000, after);
    rows.push(...page);
    const last = page.at(-1);
    if (page.length < 1_000 || !last) return rows;
    after = { at: last.occurred_at, id: last.id };
  }
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
    { header: true, columns: [...CSV_COLUMNS] },
  );
}

/**
 * Exports the filtered set. The export is a disclosure like any read: the audit keeps which
 * records went out, to whom.
 */
export async function exportIncidents<T>(
  ctx: Context,
  actor: UserActor,
  filter: IncidentFilter,
  format: string,
  present: (rows: IncidentRow[]) => T,
): Promise<T> {
  const rows = await allReadable(ctx, actor, filter);
  await ctx.database.transaction((tx) =>
    appendAudit(tx.db, ctx.clock, actor, [
      { action: 'incident.export', details: { format, count: rows.length, ids: rows.map((r) => r.id), filter } },
    ]),
  );
  return present(rows);
}
