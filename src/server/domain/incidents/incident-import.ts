/**
 * Bulk import of incidents from CSV (ACLED-like columns). Every row is checked first and the
 * report lists every problem with its line; only a file without problems is written, in one
 * transaction, through COPY — nothing is ever half-imported. Rows arrive as drafts under the proposed label, or
 * released at once when a releasing officer asks.
 */
import { parse } from 'csv-parse/sync';
import { hasPermission } from '../../../shared/vocab/roles';
import { futureOccurrences, unstorableText } from '../../../shared/contracts/common';
import { incidentContentSchema } from '../../../shared/contracts/incidents';
import { labelToColumns } from '../../db/label-columns';
import { CHANGE_COLUMN_TYPES, INCIDENT_COLUMN_TYPES, INCIDENT_VERSION_COLUMN_TYPES } from '../../db/bulk-insert';
import { copyRows } from '../../db/copy-rows';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { contentColumns, incidentVersionRow } from './incident-service';
import { draftLabel, storedLabel, validateLabels } from '../release/release-workflow';
import type { IncidentContent } from '../../../shared/contracts/incidents';
import type { LabelInput } from '../../../shared/labels/label';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';
import type { ErrorIssue } from '../app-error';

export const MAX_IMPORT_ROWS = 1_000_000;
const BATCH = 1_000;

const ACLED_TIME_PRECISION: Record<string, string> = { '1': 'day', '2': 'week', '3': 'month' };
const ACLED_GEO_PRECISION: Record<string, string> = { '1': 'exact', '2': 'near', '3': 'admin1' };

function parseCount(value: string | undefined) {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === 'unknown') return { kind: 'unknown' as const };
  const range = /^(\d+)\s*-\s*(\d+)$/.exec(v);
  if (range) return { kind: 'range' as const, min: Number(range[1]), max: Number(range[2]) };
  return /^\d+$/.test(v) ? { kind: 'value' as const, value: Number(v) } : { kind: 'invalid' as const, text: value };
}

function parseDate(value: string | undefined): string | undefined {
  const v = (value ?? '').trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return `${v}T00:00:00Z`;
  return v || undefined;
}

/** One CSV record (header → text) to incident content, before validation. */
function rowToContent(r: Record<string, string>): Record<string, unknown> {
  const get = (...names: string[]) => {
    for (const name of names) {
      const value = r[name];
      if (value !== undefined && value.trim() !== '') return value.trim();
    }
    return undefined;
  };
  const lat = get('latitude', 'lat');
  const lon = get('longitude', 'lon');
  const notes = get('notes', 'narrative') ?? '';
  const timePrecision = get('time_precision') ?? 'day';
  const geoPrecision = get('geo_precision') ?? (lat && lon ? 'near' : 'country');
  const casualties: Record<string, unknown> = {};
  for (const [field, names] of [
    ['killed', ['killed', 'fatalities']],
    ['wounded', ['wounded']],
    ['abducted', ['abducted']],
  ] as const) {
    const count = parseCount(get(...names));
    casualties[field] = count.kind === 'invalid' ? `invalid: ${count.text}` : count;
  }
  const place: Record<string, unknown> = {
    country: (get('country', 'iso3') ?? '').toUpperCase(),
    precision: ACLED_GEO_PRECISION[geoPrecision] ?? geoPrecision,
  };
  const admin1 = get('admin1');
  const admin2 = get('admin2');
  const name = get('location', 'place');
  if (admin1) place.admin1 = admin1;
  if (admin2) place.admin2 = admin2;
  if (name) place.name = name;
  if (lat !== undefined || lon !== undefined) place.point = { lat: Number(lat), lon: Number(lon) };
  return {
    domain: get('domain', 'event_type'),
    subtype: get('subtype', 'sub_event_type'),
    title: get('title') ?? notes.slice(0, 200),
    narrative: notes,
    occurredAt: parseDate(get('event_date', 'occurred_at')),
    timePrecision: ACLED_TIME_PRECISION[timePrecision] ?? timePrecision,
    place,
    casualties,
  };
}

export interface ImportReport {
  rows: number;
  imported: number;
  released: boolean;
  dryRun: boolean;
}

export interface ImportProgress {
  (stage: 'validated' | 'imported', done: number, total: number): void;
}

/**
 * Parses and checks every row; throws one VALIDATION_FAILED listing every problem by line. `now`
 * bounds the occurrence times (a day ahead at most).
 */
export function parseIncidentCsv(csv: string, now: Date): IncidentContent[] {
  let records: Record<string, string>[];
  try {
    records = parse(csv, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      bom: true,
      relax_column_count: false,
    });
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', `The file is not valid CSV: ${(error as Error).message}`, [
      { path: 'csv', message: (error as Error).message },
    ]);
  }
  if (records.length === 0)
    throw new AppError('VALIDATION_FAILED', 'The file has a header but no rows.', [{ path: 'csv', message: 'No rows.' }]);
  if (records.length > MAX_IMPORT_ROWS)
    throw new AppError('PAYLOAD_TOO_LARGE', `At most ${MAX_IMPORT_ROWS} rows per import; split the file.`);
  const issues: ErrorIssue[] = [];
  const contents: IncidentContent[] = [];
  const report = (line: number, path: string, message: string) => {
    if (issues.length < 500) issues.push({ path: `line ${line}: ${path}`, message });
  };
  records.forEach((record, index) => {
    const line = index + 2; // the header is line 1
    // Cells the database could not store, named by their column (the header's, when it is the header).
    const unstorable = unstorableText(record);
    if (unstorable.length > 0) return unstorable.forEach((issue) => report(line, issue.path, issue.message));
    const parsed = incidentContentSchema.safeParse(rowToContent(record));
    if (!parsed.success) return parsed.error.issues.forEach((issue) => report(line, issue.path.join('.') || 'row', issue.message));
    const future = futureOccurrences({ occurredAt: parsed.data.occurredAt }, now);
    if (future.length > 0) return future.forEach((issue) => report(line, issue.path, issue.message));
    contents.push(parsed.data);
  });
  if (issues.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `${issues.length >= 500 ? 'At least 500' : issues.length} problem(s) in the file; nothing was imported. Fix them and import again.`,
      issues,
    );
  }
  return contents;
}

export async function importIncidents(
  ctx: Context,
  actor: UserActor,
  input: { csv: string; label: LabelInput; release: boolean; dryRun: boolean },
  progress: ImportProgress = () => {},
): Promise<ImportReport> {
  if (!hasPermission(actor.user.roles, 'incident.create')) throw new AppError('FORBIDDEN', 'Your roles do not allow recording incidents.');
  if (input.release && !hasPermission(actor.user.roles, 'record.release'))
    throw new AppError('FORBIDDEN', 'Only a releasing officer may release on import; import as drafts instead.');
  const [proposed] = await validateLabels(ctx, actor, 'incident', [{ path: 'label', input: input.label }], input.release ? 2 : 1);
  if (!proposed) throw new Error('unreachable');
  const contents = parseIncidentCsv(input.csv, ctx.clock.now());
  progress('validated', contents.length, contents.length);
  if (input.dryRun) return { rows: contents.length, imported: 0, released: false, dryRun: true };

  const label = input.release ? proposed : { ...draftLabel(proposed), version: 1 };
  const labelColumns = labelToColumns(label);
  const proposedFields = storedLabel(proposed);
  const now = ctx.clock.now();
  const version = input.release ? 2 : 1;
  const change = input.release ? 'import-release' : 'import';
  await ctx.database.transaction(async (tx) => {
    for (let start = 0; start < contents.length; start += BATCH) {
      const batch = contents.slice(start, start + BATCH).map((content) => ({ id: ctx.ids.uuid(), content }));
      const records = batch.map(({ id, content }) => ({
        id,
        version,
        release_state: input.release ? 'released' : 'draft',
        ...contentColumns(content),
        killed: content.casualties.killed,
        wounded: content.casualties.wounded,
        abducted: content.casualties.abducted,
        proposed_label: proposedFields,
        created_by: actor.user.id,
        created_at: now,
        updated_at: now,
        ...labelColumns,
      }));
      await copyRows(tx.db, 'incidents', INCIDENT_COLUMN_TYPES, records);
      await copyRows(
        tx.db,
        'incident_versions',
        INCIDENT_VERSION_COLUMN_TYPES,
        records.map((record) => incidentVersionRow(record, change, actor.user.id, now)),
      );
      await copyRows(
        tx.db,
        'changes',
        CHANGE_COLUMN_TYPES,
        batch.map(({ id }) => ({ at: now, record_kind: 'incident', record_id: id, version, change })),
      );
      await appendAudit(tx.db, ctx.clock, actor, [
        { action: 'incident.import', details: { ids: batch.map((b) => b.id), released: input.release } },
      ]);
      progress('imported', Math.min(start + BATCH, contents.length), contents.length);
    }
  });
  return { rows: contents.length, imported: contents.length, released: input.release, dryRun: false };
}
