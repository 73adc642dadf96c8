/**
 * Bulk import of incidents from CSV: Concord's columns or an ACLED export as ACLED publishes it
 * (acled-mapping.ts). Every row is checked first and the report lists every problem by row and
 * column; a dry run previews the first rows as they would be created. Only a file without problems
 * is written, in one transaction, through COPY — nothing is ever half-imported. Rows arrive as
 * drafts under the proposed label, or released at once when a releasing officer asks.
 */
import { may } from '../policy/policy';
import { parse } from 'csv-parse/sync';
import { futureOccurrences, unstorableText } from '../../../shared/contracts/common';
import { incidentContentSchema } from '../../../shared/contracts/incidents';
import { labelToColumns } from '../../../shared/labels/label-columns';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { contentColumns, incidentRecords } from './incident-service';
import { addRecords } from '../release/record-intake';
import { ACLED_GEO_PRECISION, ACLED_TIME_PRECISION, countryCode, eventDate, mapEventType, vocabularyCode } from './acled-mapping';
import { draftLabel, storedLabel, validateLabels } from '../release/release-workflow';
import type { IncidentContent } from '../../../shared/contracts/incidents';
import type { LabelInput } from '../../../shared/labels/label';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';
import type { ErrorIssue } from '../app-error';
import type { Insertable } from 'kysely';
import type { IncidentsTable } from '../../db/schema';

export const MAX_IMPORT_ROWS = 1_000_000;
const BATCH = 1_000;
/** Rows shown by a preview, and links to imported records returned after an import. */
export const PREVIEW_ROWS = 10;
export const CREATED_LINKS = 100;
const MAX_ISSUES = 500;

function parseCount(value: string | undefined) {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === 'unknown') return { kind: 'unknown' as const };
  const range = /^(\d+)\s*-\s*(\d+)$/.exec(v);
  if (range) return { kind: 'range' as const, min: Number(range[1]), max: Number(range[2]) };
  return /^\d+$/.test(v) ? { kind: 'value' as const, value: Number(v) } : { kind: 'invalid' as const, text: value };
}

/** A content field (dotted path) → the CSV column that gave it, so problems name the column. */
type Columns = Record<string, string>;

/** One CSV record (header → text) to incident content, before validation. */
function rowToContent(r: Record<string, string>): { content: Record<string, unknown>; columns: Columns } {
  const columns: Columns = {};
  const get = (field: string | null, ...names: string[]) => {
    for (const name of names) {
      const value = r[name];
      if (value !== undefined && value.trim() !== '') {
        if (field) columns[field] = name;
        return value.trim();
      }
    }
    if (field) columns[field] ??= names.find((name) => name in r) ?? names[0]!;
    return undefined;
  };
  const lat = get('place.point.lat', 'latitude', 'lat');
  const lon = get('place.point.lon', 'longitude', 'lon');
  const notes = get('narrative', 'notes', 'narrative') ?? '';
  const timePrecision = get('timePrecision', 'time_precision') ?? 'day';
  const geoPrecision = get('place.precision', 'geo_precision') ?? (lat && lon ? 'near' : 'country');
  const casualties: Record<string, unknown> = {};
  for (const [field, names] of [
    ['killed', ['killed', 'fatalities']],
    ['wounded', ['wounded']],
    ['abducted', ['abducted']],
  ] as const) {
    const count = parseCount(get(`casualties.${field}`, ...names));
    casualties[field] = count.kind === 'invalid' ? `invalid: ${count.text}` : count;
  }
  const place: Record<string, unknown> = {
    country: countryCode(get('place.country', 'country', 'iso3'), get(null, 'iso')),
    precision: ACLED_GEO_PRECISION[geoPrecision] ?? vocabularyCode(geoPrecision),
  };
  const admin1 = get('place.admin1', 'admin1');
  const admin2 = get('place.admin2', 'admin2');
  const name = get('place.name', 'location', 'place');
  if (admin1) place.admin1 = admin1;
  if (admin2) place.admin2 = admin2;
  if (name) place.name = name;
  if (lat !== undefined || lon !== undefined) place.point = { lat: Number(lat), lon: Number(lon) };
  const type = get('domain', 'domain', 'event_type');
  const subType = get('subtype', 'subtype', 'sub_event_type');
  const actor1 = get(null, 'actor1');
  const actor2 = get(null, 'actor2');
  const mapped = mapEventType(type, subType, [actor1, actor2]);
  let title = get('title', 'title');
  let narrative = notes;
  if (mapped?.acled) {
    // ACLED has no title and no place for its own words in Concord's fields: both go into the text.
    title ??= [subType ?? type, [name, admin1].filter(Boolean).join(', ')].filter(Boolean).join(' — ');
    const id = get(null, 'event_id_cnty');
    const source = get(null, 'source');
    const admin3 = get(null, 'admin3');
    const details = [
      `ACLED${id ? ` ${id}` : ''}: ${type}${subType ? ` / ${subType}` : ''}.`,
      actor1 || actor2 ? `Actors: ${[actor1, actor2].filter(Boolean).join('; ')}.` : '',
      admin3 ? `Admin3: ${admin3}.` : '',
      source ? `Source: ${source}.` : '',
    ].filter(Boolean);
    narrative = [notes, details.join(' ')].filter(Boolean).join('\n\n');
    columns.title ??= 'sub_event_type';
  }
  return {
    content: {
      domain: mapped?.domain ?? type,
      subtype: mapped?.subtype ?? subType,
      title: (title ?? notes).slice(0, 200),
      narrative,
      occurredAt: eventDate(get('occurredAt', 'event_date', 'occurred_at')),
      timePrecision: ACLED_TIME_PRECISION[timePrecision] ?? vocabularyCode(timePrecision),
      place,
      casualties,
    },
    columns,
  };
}

/** The column that gave a content field: the longest named prefix of its path. */
function columnOf(columns: Columns, path: string): string | undefined {
  for (let parts = path.split('.'); parts.length > 0; parts = parts.slice(0, -1)) {
    const column = columns[parts.join('.')];
    if (column) return column;
  }
  return undefined;
}

/** What to write instead, in plain words, for the fields people get wrong. */
function advice(field: string, value: string, content: Record<string, unknown>): string | undefined {
  const shown = value === '' ? 'An empty cell' : `“${value}”`;
  if (field === 'occurredAt') return `${shown} is not a date: write it as 2026-11-27 or 27 November 2026.`;
  if (field === 'domain')
    return `${shown} is neither an ACLED event type nor a Concord domain: use one of ACLED's (such as Battles) or Concord's (such as Armed clash or narcotics).`;
  if (field === 'subtype')
    return `${shown} is not a sub-event type of “${String(content.domain)}”: use one listed for it (GET /api/vocabulary, or ACLED's for an ACLED event type).`;
  if (field === 'title') return 'The row has no title: give a title column, or notes to take it from.';
  if (field === 'timePrecision') return `${shown} is not a time precision: use 1, 2 or 3 as ACLED does, or exact, day, week or month.`;
  if (field === 'place.precision')
    return `${shown} is not a place precision: use 1, 2 or 3 as ACLED does, or exact, near, admin2, admin1 or country.`;
  if (field === 'place.country')
    return `${shown} is not a country: write its English name as ACLED does, or its ISO 3166 alpha-3 code such as UZB.`;
  if (field.startsWith('place.point'))
    return `${shown} is not a coordinate: write decimal degrees such as 37.22 (latitude) and 67.28 (longitude).`;
  if (field.startsWith('casualties.'))
    return `${shown} is not a count: write a whole number, a range such as 3-5, or leave it empty for unknown.`;
  return undefined;
}

export interface ImportReport {
  rows: number;
  imported: number;
  released: boolean;
  dryRun: boolean;
  /** A dry run: the first rows as they would be created, with their row numbers. */
  preview?: { row: number; content: IncidentContent }[];
  /** A dry run: every problem found (at most 500), each naming its row and column. */
  problems?: ErrorIssue[];
  /** An import: the first records created, to link to. */
  created?: { id: string; title: string }[];
}

export interface ImportProgress {
  (stage: 'validated' | 'imported', done: number, total: number): void;
}

interface CheckedCsv {
  rows: number;
  contents: IncidentContent[];
  /** Row numbers as a spreadsheet shows them (the header is row 1), beside `contents`. */
  rowNumbers: number[];
  issues: ErrorIssue[];
}

/**
 * Parses and checks every row, naming each problem by its row (as a spreadsheet numbers it) and
 * column. A file that is not CSV, is empty or is too long is refused at once. `now` bounds the
 * occurrence times (a day ahead at most).
 */
export function checkIncidentCsv(csv: string, now: Date): CheckedCsv {
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
  const rowNumbers: number[] = [];
  const report = (row: number, column: string, message: string) => {
    if (issues.length < MAX_ISSUES) issues.push({ path: `row ${row}: ${column}`, message: `Row ${row}, column ${column}: ${message}` });
  };
  records.forEach((record, index) => {
    const row = index + 2; // the header is row 1
    // Cells the database could not store, named by their column (the header's, when it is the header).
    const unstorable = unstorableText(record);
    if (unstorable.length > 0) return unstorable.forEach((issue) => report(row, issue.path, issue.message));
    const { content, columns } = rowToContent(record);
    const parsed = incidentContentSchema.safeParse(content);
    if (!parsed.success) {
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const field = issue.path.join('.');
        const column = columnOf(columns, field) ?? (field || 'row');
        if (seen.has(column)) continue;
        seen.add(column);
        report(row, column, advice(field, record[column] ?? '', content) ?? issue.message);
      }
      return;
    }
    const future = futureOccurrences({ occurredAt: parsed.data.occurredAt }, now);
    if (future.length > 0) return future.forEach((issue) => report(row, columns.occurredAt ?? issue.path, issue.message));
    contents.push(parsed.data);
    rowNumbers.push(row);
  });
  return { rows: records.length, contents, rowNumbers, issues };
}

function refuse(issues: ErrorIssue[]): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    `${issues.length >= MAX_ISSUES ? `At least ${MAX_ISSUES}` : issues.length} problem(s) in the file; nothing was imported. Fix them and import again.`,
    issues,
  );
}

/** Parses and checks every row; throws one VALIDATION_FAILED listing every problem by row and column. */
export function parseIncidentCsv(csv: string, now: Date): IncidentContent[] {
  const checked = checkIncidentCsv(csv, now);
  if (checked.issues.length > 0) throw refuse(checked.issues);
  return checked.contents;
}

export async function importIncidents(
  ctx: Context,
  actor: UserActor,
  input: { csv: string; label: LabelInput; release: boolean; dryRun: boolean },
  progress: ImportProgress = () => {},
): Promise<ImportReport> {
  if (!may(actor, 'incident.create')) throw new AppError('FORBIDDEN', 'Your roles do not allow recording incidents.');
  if (input.release && !may(actor, 'record.release'))
    throw new AppError('FORBIDDEN', 'Only a releasing officer may release on import; import as drafts instead.');
  const [proposed] = await validateLabels(ctx, actor, 'incident', [{ path: 'label', input: input.label }], input.release ? 2 : 1);
  if (!proposed) throw new Error('unreachable');
  const checked = checkIncidentCsv(input.csv, ctx.clock.now());
  // A dry run is the preview: it lists the problems rather than refusing the file, and writes nothing.
  if (input.dryRun) {
    progress('validated', checked.rows, checked.rows);
    return {
      rows: checked.rows,
      imported: 0,
      released: false,
      dryRun: true,
      preview: checked.contents.slice(0, PREVIEW_ROWS).map((content, i) => ({ row: checked.rowNumbers[i]!, content })),
      problems: checked.issues,
    };
  }
  if (checked.issues.length > 0) throw refuse(checked.issues);
  const contents = checked.contents;
  progress('validated', contents.length, contents.length);

  const label = input.release ? proposed : { ...draftLabel(proposed), version: 1 };
  const labelColumns = labelToColumns(label);
  const proposedFields = storedLabel(proposed);
  const now = ctx.clock.now();
  const version = input.release ? 2 : 1;
  const change = input.release ? 'import-release' : 'import';
  const created: { id: string; title: string }[] = [];
  await ctx.database.transaction(async (tx) => {
    for (let start = 0; start < contents.length; start += BATCH) {
      const batch = contents.slice(start, start + BATCH).map((content) => ({ id: ctx.ids.uuid(), content }));
      for (const { id, content } of batch.slice(0, CREATED_LINKS - created.length)) created.push({ id, title: content.title });
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
      // Through the one way in (release/record-intake.ts), by its bulk path: the ids were just drawn.
      // COPY takes the jsonb columns as values, where an insert's row type says JSON text.
      await addRecords(tx.db, ctx, actor, incidentRecords, records as unknown as Insertable<IncidentsTable>[], change, {
        freshIds: true,
      });
      await appendAudit(tx.db, ctx.clock, actor, [
        { action: 'incident.import', details: { ids: batch.map((b) => b.id), released: input.release } },
      ]);
      progress('imported', Math.min(start + BATCH, contents.length), contents.length);
    }
  });
  return { rows: contents.length, imported: contents.length, released: input.release, dryRun: false, created };
}
