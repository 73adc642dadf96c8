/**
 * The one place an alert becomes wire JSON. Each target desk's escalation is shown in full to the
 * desk's own nation (who was paged, by name), as its progress (status, step, the role paged, when
 * the next step fires) to the alert's originating nation, and to anyone else only as far as a
 * response record they may read tells.
 */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { presentLabel } from './label-presenter';
import type { Alert } from '../../../shared/contracts/alerts';
import type { AlertRow, AlertResponseRow, AlertTargetRow } from '../../db/repositories/alert-repository';
import type { UserActor } from '../../domain/auth/actor';
import type { EscalationPlan } from '../../domain/hotline/escalation';
import type { RosterRole } from '../../../shared/vocab/hotline';

type TargetWithDesk = AlertTargetRow & { desk_name: string; desk_nation: string; desk_home_node: string | null };

export function presentAlert(
  row: AlertRow,
  actor: UserActor,
  details: {
    targets: TargetWithDesk[];
    responses: AlertResponseRow[];
    answerable: Set<string>;
    notified: Set<string>;
    paged: {
      alert_id: string | null;
      desk_id: string | null;
      role: string | null;
      created_at: Date;
      username: string;
      display_name: string;
    }[];
    responders: { id: string; username: string; display_name: string }[];
  },
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
        ...((ownDesk || sender) && t.desk_home_node === null ? { escalation: progress(t, ownDesk ? details.paged : null) } : {}),
        ...(response
          ? {
              response: {
                kind: response.kind as 'acknowledge' | 'decline',
                at: new Date(response.responded_at).toISOString(),
                secondsToRespond: Math.round((new Date(response.responded_at).getTime() - raisedAt.getTime()) / 1000),
                ...(response.note ? { note: response.note } : {}),
                ...by(details.responders.find((u) => u.id === response.responded_by)),
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

const by = (user: { username: string; display_name: string } | undefined) =>
  user ? { by: { username: user.username, displayName: user.display_name } } : {};

/** Where the escalation stands, read from the plan the alert started with. */
function progress(t: TargetWithDesk, paged: Parameters<typeof presentAlert>[2]['paged'] | null) {
  const plan = t.plan as EscalationPlan;
  const last = t.step === plan.steps.length - 1;
  const next = last ? (t.round >= plan.repeat ? null : plan.steps[0]) : plan.steps[t.step + 1];
  return {
    round: t.round,
    step: t.step,
    dueAt: t.due_at ? new Date(t.due_at).toISOString() : null,
    steps: plan.steps.length,
    repeat: plan.repeat,
    paging: (plan.steps[t.step]?.notify ?? 'primary') as RosterRole,
    next: (next?.notify ?? null) as RosterRole | null,
    ...(paged
      ? {
          paged: paged
            .filter((p) => p.alert_id === t.alert_id && p.desk_id === t.desk_id)
            .map((p) => ({
              role: p.role as RosterRole,
              username: p.username,
              displayName: p.display_name,
              at: new Date(p.created_at).toISOString(),
            })),
        }
      : {}),
  };
}
