/** The one place commitments and progress reports become wire JSON. */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { isOverdue } from '../../domain/dialogue/commitment-service';
import { presentLabel } from './label-presenter';
import type {
  Commitment,
  CommitmentReportView,
  CommitmentSource,
  CommitmentSummary,
  EvidenceRef,
} from '../../../shared/contracts/commitments';
import type { CommitmentReportRow, CommitmentRow } from '../../db/repositories/commitment-repository';

const iso = (value: Date | string) => new Date(value).toISOString();

/** Titles by `kind/id` of what the reader may read (commitment-service.ts, `decorations`). */
type Titles = ReadonlyMap<string, string>;

export function presentCommitmentSummary(row: CommitmentRow, today: string, sources: Titles): CommitmentSummary {
  const source = row.source as CommitmentSource | null;
  const sourceTitle = source ? sources.get(`${source.kind}/${source.id}`) : undefined;
  return {
    id: row.id,
    meetingId: row.meeting_id,
    meetingTitle: row.meeting_title,
    host: row.host,
    text: row.text,
    ownerNations: row.owner_nations,
    dueOn: row.due_on,
    status: row.status as CommitmentSummary['status'],
    overdue: isOverdue(row, today),
    // Where it was made shows only when the reader may read that record.
    source: source && sourceTitle !== undefined ? { ...source, title: sourceTitle } : null,
    lastReportAt: row.last_report_at ? iso(row.last_report_at) : null,
    version: row.version,
    label: presentLabel(labelFromColumns(row)),
  };
}

export function presentCommitmentReport(row: CommitmentReportRow, evidence: Titles): CommitmentReportView {
  return {
    id: row.id,
    commitmentId: row.commitment_id,
    nation: row.originator_nation,
    status: row.status as CommitmentReportView['status'],
    text: row.text,
    evidence: (row.evidence as EvidenceRef[]).flatMap((e) => {
      const title = evidence.get(`${e.kind}/${e.id}`);
      return title === undefined ? [] : [{ kind: e.kind, id: e.id, title }];
    }),
    reportedBy: { id: row.reported_by, name: row.reported_by_name },
    reportedAt: iso(row.reported_at),
    label: presentLabel(labelFromColumns(row)),
  };
}

export function presentCommitment(
  row: CommitmentRow,
  reports: readonly CommitmentReportRow[],
  titles: { sources: Titles; evidence: Titles },
  can: Commitment['can'],
  today: string,
): Commitment {
  return {
    ...presentCommitmentSummary(row, today, titles.sources),
    reports: reports.map((r) => presentCommitmentReport(r, titles.evidence)),
    createdBy: { id: row.created_by, name: row.created_by_name },
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    can,
  };
}
