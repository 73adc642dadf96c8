/** Wire JSON of a record's history: each readable version with its author's name and its content. */
import { formatMarking } from '../../../shared/labels/format-label';
import { labelFromColumns } from '../../../shared/labels/label-columns';
import type { RecordHistory } from '../../../shared/contracts/incidents';
import type { LabelColumns } from '../../db/schema';

interface VersionRow extends LabelColumns {
  version: number;
  change: string;
  changed_by: string;
  changed_by_name: string | null;
  changed_at: Date | string;
  snapshot: unknown;
}

/**
 * Links are left out of the content: they name records by id, and the reader may not be able to
 * read every record linked (the incident's links endpoint lists only readable ones).
 */
function readableContent(snapshot: unknown): Record<string, unknown> {
  const { links: _links, ...content } = snapshot as Record<string, unknown>;
  return content;
}

export const presentHistory = (versions: { row: VersionRow; changedFields: string[] }[]): RecordHistory => ({
  items: versions.map(({ row, changedFields }) => ({
    version: row.version,
    change: row.change,
    changedBy: row.changed_by,
    changedByName: row.changed_by_name ?? row.changed_by,
    changedAt: new Date(row.changed_at).toISOString(),
    marking: formatMarking(labelFromColumns(row)),
    changedFields,
    content: readableContent(row.snapshot),
  })),
});
