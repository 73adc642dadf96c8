/**
 * A desk as wire JSON: its name for everyone; its roster, shifts ahead and policy only when the
 * domain gave them (the desk's own nation).
 */
import type { Desk, EscalationPolicy } from '../../../shared/contracts/hotline';
import type { RosterRole } from '../../../shared/vocab/hotline';
import type { getDesk } from '../../domain/hotline/desk-service';

export function presentDesk({ desk, roster, shifts, policy, people }: Awaited<ReturnType<typeof getDesk>>): Desk {
  return {
    id: desk.id,
    nation: desk.nation,
    name: desk.name,
    partnerNode: desk.home_node !== null,
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
