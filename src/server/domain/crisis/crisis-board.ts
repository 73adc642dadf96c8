/**
 * The status board of a crisis, computed for one reader from the entries that reader may read:
 * each participant's situation from its latest situation report, and where requests, offers and
 * tasks stand. Pure; nothing on the board comes from an entry the reader may not read.
 */
import { OFFER_STATES, REQUEST_STATES, TASK_STATES } from '../../../shared/vocab/crisis';
import { requestStateFor } from './entry-lifecycle';
import type { CrisisBoard } from '../../../shared/contracts/crises';
import type { SituationLevel } from '../../../shared/vocab/crisis';

export interface BoardEntry {
  id: string;
  kind: string;
  originator_nation: string;
  entry_state: string | null;
  request_id: string | null;
  deadline: Date | string | null;
  entered_at: Date | string;
  content: unknown;
}

const zeroes = <T extends readonly string[]>(states: T) => Object.fromEntries(states.map((s) => [s, 0])) as Record<T[number], number>;

export function isOverdue(entry: Pick<BoardEntry, 'kind' | 'entry_state' | 'deadline'>, now: Date): boolean {
  return entry.kind === 'task' && entry.entry_state === 'open' && entry.deadline !== null && new Date(entry.deadline) < now;
}

export function crisisBoard(participants: readonly string[], readable: readonly BoardEntry[], now: Date): CrisisBoard {
  const latest = new Map<string, { level: SituationLevel; asOf: string; id: string }>();
  const requests = zeroes(REQUEST_STATES);
  const offers = zeroes(OFFER_STATES);
  const tasks = { ...zeroes(TASK_STATES), overdue: 0 };
  for (const entry of readable) {
    if (entry.kind === 'sitrep') {
      const sitrep = entry.content as { level: SituationLevel; asOf: string };
      const seen = latest.get(entry.originator_nation);
      if (!seen || Date.parse(sitrep.asOf) >= Date.parse(seen.asOf))
        latest.set(entry.originator_nation, { level: sitrep.level, asOf: sitrep.asOf, id: entry.id });
    } else if (entry.kind === 'request') {
      const answers = readable
        .filter((o) => o.kind === 'offer' && o.request_id === entry.id)
        .map((o) => ({ state: o.entry_state ?? 'offered' }));
      requests[requestStateFor(entry.entry_state ?? 'open', answers)]++;
    } else if (entry.kind === 'offer') {
      offers[(entry.entry_state ?? 'offered') as keyof typeof offers]++;
    } else if (entry.kind === 'task') {
      tasks[(entry.entry_state ?? 'open') as keyof typeof tasks]++;
      if (isOverdue(entry, now)) tasks.overdue++;
    }
  }
  const last = readable.at(-1);
  return {
    participants: participants.map((nation) => {
      const sitrep = latest.get(nation);
      return { nation, level: sitrep?.level ?? null, asOf: sitrep?.asOf ?? null, sitrepId: sitrep?.id ?? null };
    }),
    requests,
    offers,
    tasks,
    entries: readable.length,
    lastEntryAt: last ? new Date(last.entered_at).toISOString() : null,
  };
}
