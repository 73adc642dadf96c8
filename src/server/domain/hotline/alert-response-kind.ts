/** A desk's answers to alerts in the registry (records/registry.ts): published, and received after their alerts. */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { applyAlertResponse } from './hotline-from-peers';
import { ALERT_RESPONSE_TYPE, alertResponseObject } from './hotline-stix';
import { EXTENSIONS } from '../stix/stix-vocab';
import { changedIds } from '../records/record-kind';
import type { RecordKind } from '../records/record-kind';

export const alertResponseKind = {
  stix: {
    types: [ALERT_RESPONSE_TYPE],
    extension: EXTENSIONS.alertResponse,
    definition: {
      name: 'Concord alert answer (x-concord-alert-response)',
      description: 'A desk acknowledges or declines an alert: the alert, the desk, a note, when.',
      type: 'new-sdo',
    },
  },
  publish: async (objects, changes) =>
    (await objects.alertResponses(changedIds(changes))).map((row) => {
      const label = labelFromColumns(row);
      return { kind: 'alert-response', id: row.id, version: 1, modified: row.responded_at, label, object: alertResponseObject(row, label) };
    }),
  fromPeer: { apply: applyAlertResponse },
} satisfies RecordKind;
