/**
 * Owner nations' progress reports on commitments in the registry (records/registry.ts), read
 * through the commitment: published by the reporting nation's node, received after commitments.
 */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { applyCommitmentReport } from './commitment-from-peers';
import { COMMITMENT_REPORT_TYPE, commitmentReportObject } from './commitment-stix';
import { EXTENSIONS } from '../stix/stix-vocab';
import { changedIds } from '../records/record-kind';
import type { RecordKind } from '../records/record-kind';

export const commitmentReportKind = {
  stix: {
    types: [COMMITMENT_REPORT_TYPE],
    extension: EXTENSIONS.commitmentReport,
    definition: {
      name: 'Concord commitment report (x-concord-commitment-report)',
      description:
        'An owner nation’s progress report on a commitment: the status it reports (planned, in progress, done, dropped), what was done, and the records that show it.',
      type: 'new-sdo',
    },
  },
  publish: async (objects, changes) =>
    (await objects.commitmentReports(changedIds(changes))).map((row) => {
      const label = labelFromColumns(row);
      return {
        kind: 'commitment-report',
        id: row.id,
        version: row.version,
        modified: row.reported_at,
        label,
        object: commitmentReportObject(row, label),
      };
    }),
  fromPeer: { apply: applyCommitmentReport },
} satisfies RecordKind;
