/**
 * The one place an alert becomes wire JSON. Each target desk's escalation is shown in full to the
 * desk's own nation, as a status to the alert's originating nation, and to anyone else only as
 * far as a response record they may read tells.
 */
import { labelFromColumns } from '../../db/label-columns';
import { presentLabel } from './label-presenter';
import type { Alert } from '../../../shared/contracts/alerts';
import type { AlertRow, AlertResponseRow, AlertTargetRow } from '../../db/repositories/alert-repository';
import type { UserActor } from '../../domain/auth/actor';

type TargetWithDesk = AlertTargetRow & { desk_name: string; desk_nation: string; desk_home_node: string | null };

export function presentAlert(
  row: AlertRow,
  actor: UserActor,
  details: { targets: TargetWithDesk[]; responses: AlertResponseRow[]; answerable: Set<string>; notified: Set<string> },
): Alert {
  const label = labelFromColumns(row);
  const raisedAt = new Date(row.raised_at);
  const targets = details.targets
    .filter((t) => t.alert_id === row.id)
    .map((t) => {
      const response = details.responses.find((r) => r.alert_id === row.id && r.desk_id === t.desk_id);
      const ownDesk = t.desk_nation === actor.nation.code;
      const sender = label.originator.nation === actor.nation.code;
      const status = (
        ownDesk || sender ? t.status : response ? (response.kind === 'acknowledge' ? 'acknowledged' : 'declined') : undefined
      ) as Alert['targets'][number]['status'] | undefined;
      return {
        deskId: t.desk_id,
        deskName: t.desk_name,
        nation: t.desk_nation,
        partnerNode: t.desk_home_node !== null,
        ...(status ? { status } : {}),
        ...(ownDesk && t.desk_home_node === null
          ? { escalation: { round: t.round, step: t.step, dueAt: t.due_at ? new Date(t.due_at).toISOString() : null } }
          : {}),
        ...(response
          ? {
              response: {
                kind: response.kind as 'acknowledge' | 'decline',
                at: new Date(response.responded_at).toISOString(),
                secondsToRespond: Math.round((new Date(response.responded_at).getTime() - raisedAt.getTime()) / 1000),
                ...(response.note ? { note: response.note } : {}),
              },
            }
          : {}),
      };
    });
  return {
    id: row.id,
    severity: row.severity as Alert['severity'],
    summary: row.summary,
    details: row.details,
    exercise: row.exercise,
    label: presentLabel(label),
    raisedBy: row.raised_by,
    raisedAt: raisedAt.toISOString(),
    targets,
    notified: details.notified.has(row.id),
    can: { respondFor: targets.filter((t) => details.answerable.has(t.deskId)).map((t) => t.deskId) },
  };
}
