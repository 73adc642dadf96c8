/** One exercise as calendar events: STARTEX to ENDEX, and each milestone, all under the exercise's label. */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { exerciseToRead } from './exercise-service';
import { MILESTONE_NAMES, type MilestoneKind } from '../../../shared/vocab/training';
import type { Venue } from '../../../shared/contracts/dialogue';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';
import type { CalendarEvent } from '../calendar/calendar-service';

/** A milestone's name: its own title, or its kind's. */
export const milestoneName = (kind: string, title: string) => title || MILESTONE_NAMES[kind as MilestoneKind] || MILESTONE_NAMES.other;

export async function exerciseCalendar(ctx: Context, actor: UserActor, id: string): Promise<{ title: string; events: CalendarEvent[] }> {
  const { exercise } = await exerciseToRead(ctx, actor, id);
  const venue = exercise.venue as Venue;
  const common = {
    recordId: exercise.id,
    timeZone: exercise.time_zone,
    place: venue.online ? null : `${venue.name}, ${venue.country}`,
    cancelled: exercise.status === 'cancelled',
    nation: exercise.originator_nation,
    allDay: false,
    label: labelFromColumns(exercise),
    path: `/exercises/${exercise.id}`,
  };
  const events: CalendarEvent[] = [
    {
      ...common,
      kind: 'exercise',
      id: exercise.id,
      title: exercise.title,
      startsAt: new Date(exercise.starts_at),
      endsAt: new Date(exercise.ends_at),
    },
    ...exercise.milestones.map((m) => ({
      ...common,
      kind: 'milestone' as const,
      id: m.id,
      title: `${milestoneName(m.kind, m.title)} — ${exercise.title}`,
      startsAt: new Date(m.starts_at),
      endsAt: new Date(m.ends_at),
    })),
  ];
  return { title: exercise.title, events: events.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()) };
}
