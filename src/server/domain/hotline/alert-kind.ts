/** Alerts in the registry (records/registry.ts): published, and received from peers after the desks they name. */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { applyAlert } from './hotline-from-peers';
import { ALERT_TYPE, alertObject } from './hotline-stix';
import { EXTENSIONS } from '../stix/stix-vocab';
import { changedIds } from '../records/record-kind';
import type { RecordKind } from '../records/record-kind';

export const alertKind = {
  stix: {
    types: [ALERT_TYPE],
    extension: EXTENSIONS.alert,
    definition: {
      name: 'Concord hotline alert (x-concord-alert)',
      description: 'Severity, summary, details, exercise flag, time raised, target desks.',
      type: 'new-sdo',
    },
  },
  publish: async (objects, changes) => {
    const alerts = await objects.alerts(changedIds(changes));
    const targets = await objects.alertTargetDesks(alerts.map((a) => a.id));
    return alerts.map((row) => {
      const label = labelFromColumns(row);
      const deskIds = targets.filter((t) => t.alert_id === row.id).map((t) => t.desk_id);
      return { kind: 'alert', id: row.id, version: row.version, modified: row.raised_at, label, object: alertObject(row, deskIds, label) };
    });
  },
  fromPeer: { apply: applyAlert },
} satisfies RecordKind;
