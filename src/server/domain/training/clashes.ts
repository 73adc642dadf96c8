/**
 * Clash detection: what a plan's dates collide with, among the records handed in — the exercises
 * and busy blocks its planner may read (the repository asks the read rule) and the public holidays
 * of the nations taking part. Pure: it sees nothing but its arguments, so a clash can only ever name
 * what was readable, and it is tested on its own (clashes.test.ts).
 *
 * Two things clash when their times overlap (half-open intervals: one ending as the other starts
 * does not) and they share something: a unit (the same name within a nation, ignoring case and
 * spacing), a venue (the same place — name and country, or within a kilometre), a key resource, a
 * nation taking part in both; a nation's busy block for the whole nation or for one of the plan's
 * units; a public holiday of a nation taking part.
 */
import type { Venue } from '../../../shared/contracts/dialogue';
import type { Unit } from '../../../shared/contracts/training';
import type { Label } from '../../../shared/labels/label';
import type { ClashReason } from '../../../shared/vocab/training';
import type { PublicHoliday } from './holidays';

export interface Plan {
  /** The exercise itself when it is saved (never its own clash). */
  id: string | null;
  venue: Venue;
  startsAt: Date;
  endsAt: Date;
  /** Every nation taking part, the lead among them. */
  participants: readonly string[];
  units: readonly Unit[];
  resources: readonly string[];
}

export interface OtherExercise extends Plan {
  id: string;
  title: string;
  lead: string;
  label: Label;
}

export interface BusyBlock {
  id: string;
  title: string;
  nation: string;
  /** Null: the nation as a whole. */
  unit: string | null;
  startsAt: Date;
  endsAt: Date;
  label: Label;
}

export type ClashWith =
  | { kind: 'exercise'; id: string; title: string; lead: string; label: Label }
  | { kind: 'busy-block'; id: string; title: string; nation: string; label: Label }
  | { kind: 'holiday'; nation: string; name: string };

export interface Clash {
  with: ClashWith;
  from: Date;
  to: Date;
  reasons: { reason: ClashReason; detail: string }[];
}

/** A name as compared: Unicode-normalised, case and runs of spaces ignored. */
export const sameName = (name: string) => name.normalize('NFKC').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();
const unitKey = (nation: string, name: string) => `${nation}\u0000${sameName(name)}`;

const overlaps = (a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }) =>
  a.startsAt < b.endsAt && b.startsAt < a.endsAt;

const overlap = (a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }) => ({
  from: new Date(Math.max(a.startsAt.getTime(), b.startsAt.getTime())),
  to: new Date(Math.min(a.endsAt.getTime(), b.endsAt.getTime())),
});

/** Great-circle distance in metres. */
function metresBetween(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Whether two venues are the same place (a distributed exercise has none). */
export function sameVenue(a: Venue, b: Venue): boolean {
  if (a.online || b.online) return false;
  return (a.country === b.country && sameName(a.name) === sameName(b.name)) || metresBetween(a, b) <= 1_000;
}

function reasonsBetween(plan: Plan, other: OtherExercise): Clash['reasons'] {
  const reasons: Clash['reasons'] = [];
  const theirUnits = new Set(other.units.map((u) => unitKey(u.nation, u.name)));
  const seenUnits = new Set<string>();
  for (const unit of plan.units) {
    const key = unitKey(unit.nation, unit.name);
    if (theirUnits.has(key) && !seenUnits.has(key)) {
      seenUnits.add(key);
      reasons.push({ reason: 'unit', detail: `${unit.nation} ${unit.name}` });
    }
  }
  if (sameVenue(plan.venue, other.venue) && !plan.venue.online) reasons.push({ reason: 'venue', detail: plan.venue.name });
  const theirResources = new Set(other.resources.map(sameName));
  const seenResources = new Set<string>();
  for (const resource of plan.resources) {
    const key = sameName(resource);
    if (theirResources.has(key) && !seenResources.has(key)) {
      seenResources.add(key);
      reasons.push({ reason: 'resource', detail: resource });
    }
  }
  for (const nation of [...new Set(plan.participants)].sort())
    if (other.participants.includes(nation)) reasons.push({ reason: 'nation', detail: nation });
  return reasons;
}

/** Why a busy block keeps the plan from its dates: the nation as a whole, or one of the plan's units of that nation. */
function busyReason(plan: Plan, block: BusyBlock): string | null {
  if (!plan.participants.includes(block.nation)) return null;
  if (block.unit === null) return block.nation;
  const key = unitKey(block.nation, block.unit);
  const unit = plan.units.find((u) => unitKey(u.nation, u.name) === key);
  return unit ? `${unit.nation} ${unit.name}` : null;
}

export function findClashes(
  plan: Plan,
  exercises: readonly OtherExercise[],
  blocks: readonly BusyBlock[],
  holidays: readonly PublicHoliday[],
): Clash[] {
  const clashes: Clash[] = [];
  for (const other of exercises) {
    if (other.id === plan.id || !overlaps(plan, other)) continue;
    const reasons = reasonsBetween(plan, other);
    if (reasons.length > 0)
      clashes.push({
        with: { kind: 'exercise', id: other.id, title: other.title, lead: other.lead, label: other.label },
        ...overlap(plan, other),
        reasons,
      });
  }
  for (const block of blocks) {
    if (!overlaps(plan, block)) continue;
    const detail = busyReason(plan, block);
    if (detail !== null)
      clashes.push({
        with: { kind: 'busy-block', id: block.id, title: block.title, nation: block.nation, label: block.label },
        ...overlap(plan, block),
        reasons: [{ reason: 'busy', detail }],
      });
  }
  for (const holiday of holidays) {
    if (!plan.participants.includes(holiday.nation) || !overlaps(plan, holiday)) continue;
    clashes.push({
      with: { kind: 'holiday', nation: holiday.nation, name: holiday.name },
      ...overlap(plan, holiday),
      reasons: [{ reason: 'holiday', detail: holiday.nation }],
    });
  }
  const order = { exercise: 0, 'busy-block': 1, holiday: 2 } as const;
  return clashes.sort((a, b) => a.from.getTime() - b.from.getTime() || order[a.with.kind] - order[b.with.kind]);
}
