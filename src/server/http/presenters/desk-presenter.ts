/**
 * A desk as wire JSON: its name for everyone; its roster, shifts ahead and policy only when the
 * domain gave them (the desk's own nation).
 */
import type { Desk, DeskContact, EscalationPolicy } from '../../../shared/contracts/hotline';
import type { RosterRole } from '../../../shared/vocab/hotline';
import type { getDesk } from '../../domain/hotline/desk-service';

type DeskView = Awaited<ReturnType<typeof getDesk>>;

export function presentDesk({ desk, roster, shifts, onDuty, policy, people }: DeskView): Desk {
  return {
    ...presentDeskEntry(desk),
    ...(onDuty
      ? {
          onDuty: {
            dutyOfficers: onDuty.dutyOfficers.map((d) => ({ ...d, until: d.until.toISOString() })),
            primary: onDuty.primary,
          },
        }
      : {}),
    ...(roster ? { roster: roster.map((r) => ({ role: r.role as RosterRole, userId: r.user_id, username: r.username })) } : {}),
    ...(shifts
      ? {
          shifts: shifts.map((s) => ({
            id: s.id,
            userId: s.user_id,
            username: s.username,
            startsAt: new Date(s.starts_at).toISOString(),
            endsAt: new Date(s.ends_at).toISOString(),
          })),
        }
      : {}),
    ...(people ? { people: people.map((p) => ({ id: p.id, username: p.username, displayName: p.display_name })) } : {}),
    ...(policy !== undefined ? { policy: policy ? { version: policy.version, policy: policy.policy as EscalationPolicy } : null } : {}),
  };
}

/** What every reader of the desk sees: its name, nation, where it runs and how to reach it. */
export function presentDeskEntry(desk: DeskView['desk']): Desk {
  return {
    id: desk.id,
    nation: desk.nation,
    name: desk.name,
    partnerNode: desk.home_node !== null,
    contacts: (desk.contacts as DeskContact[] | null) ?? [],
  };
}
