/**
 * The exercise form's draft, pure: what the planner is typing (dates as the date inputs hold them,
 * rows with keys of their own so that React keeps each row's fields and focus), the request it
 * makes, the part of it a clash check needs, what an edit changes, and where the server's
 * validation issues (by path: `units.2.name`) are shown.
 */
import type { ClashCheckRequest, Exercise, ExerciseCreateRequest, ExerciseUpdateRequest } from '../../../shared/contracts/training';
import type { LabelInput } from '../../../shared/labels/label';
import type { ExerciseKind, MilestoneKind } from '../../../shared/vocab/training';

export interface UnitRow {
  key: number;
  nation: string;
  name: string;
}
export interface ResourceRow {
  key: number;
  name: string;
}
export interface ObjectiveRow {
  key: number;
  text: string;
  threats: string[];
  /** As typed ('' for none). */
  commitmentId: string;
}
export interface MilestoneRow {
  key: number;
  /** Kept for a milestone already saved. */
  id?: string;
  kind: MilestoneKind;
  title: string;
  /** `YYYY-MM-DDTHH:MMZ`, as the date input holds it ('' when empty). */
  startsAt: string;
  endsAt: string;
  /** '' for none. */
  meetingId: string;
}

export interface ExerciseDraft {
  title: string;
  kind: ExerciseKind;
  summary: string;
  /** Held in several places: no one venue on the map. */
  distributed: boolean;
  venue: { name: string; country: string; lat: string; lon: string };
  timeZone: string;
  startsAt: string;
  endsAt: string;
  /** The nations taking part besides the lead. */
  participants: string[];
  units: UnitRow[];
  resources: ResourceRow[];
  objectives: ObjectiveRow[];
  trainingAudience: string;
  milestones: MilestoneRow[];
  label: LabelInput;
}

let lastKey = 0;
/** A key for a new row, unique on the page. */
export const rowKey = () => ++lastKey;

/** An instant as the date input holds it (`YYYY-MM-DDTHH:MMZ`). */
export const toInput = (iso: string | null) => (iso ? `${new Date(iso).toISOString().slice(0, 16)}Z` : '');
/** The date input's value as an ISO instant ('' stays '', for the server to name the field). */
export const toIso = (value: string) => {
  if (!value) return '';
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? value : at.toISOString();
};

export function emptyDraft(nation: string, label: LabelInput): ExerciseDraft {
  return {
    title: '',
    kind: 'command-post',
    summary: '',
    distributed: false,
    venue: { name: '', country: nation, lat: '', lon: '' },
    timeZone: 'Asia/Karachi',
    startsAt: '',
    endsAt: '',
    participants: [],
    units: [],
    resources: [],
    objectives: [],
    trainingAudience: '',
    milestones: [],
    label,
  };
}

/** The label an exercise's form starts from: its own, without the lead nation (the picker adds it). */
export const labelOf = (exercise: Exercise): LabelInput => ({
  classification: exercise.label.classification,
  relTo: exercise.label.relTo.filter((n) => n !== exercise.lead),
  caveats: exercise.label.caveats,
  tlp: exercise.label.tlp,
  recipients: exercise.label.recipients,
});

/** The draft of a saved exercise, to change it. */
export function draftOf(exercise: Exercise): ExerciseDraft {
  const place = exercise.venue.online ? null : exercise.venue;
  return {
    title: exercise.title,
    kind: exercise.kind,
    summary: exercise.summary,
    distributed: exercise.venue.online,
    venue: {
      name: place?.name ?? '',
      country: place?.country ?? exercise.lead,
      lat: place ? String(place.lat) : '',
      lon: place ? String(place.lon) : '',
    },
    timeZone: exercise.timeZone,
    startsAt: toInput(exercise.startsAt),
    endsAt: toInput(exercise.endsAt),
    participants: exercise.participants.filter((n) => n !== exercise.lead),
    units: exercise.units.map((u) => ({ key: rowKey(), nation: u.nation, name: u.name })),
    resources: exercise.resources.map((name) => ({ key: rowKey(), name })),
    objectives: exercise.objectives.map((o) => ({
      key: rowKey(),
      text: o.text,
      threats: [...o.threats],
      commitmentId: o.commitmentId ?? '',
    })),
    trainingAudience: exercise.trainingAudience,
    milestones: exercise.milestones.map((m) => ({
      key: rowKey(),
      id: m.id,
      kind: m.kind,
      title: m.title,
      startsAt: toInput(m.startsAt),
      endsAt: toInput(m.endsAt),
      meetingId: m.meetingId ?? '',
    })),
    label: labelOf(exercise),
  };
}

const venueOf = (draft: ExerciseDraft): ExerciseCreateRequest['venue'] =>
  draft.distributed
    ? { online: true }
    : {
        online: false,
        name: draft.venue.name,
        country: draft.venue.country,
        lat: Number(draft.venue.lat),
        lon: Number(draft.venue.lon),
      };

/** The request the draft makes (the server checks it and names each field it refuses). */
export function requestOf(draft: ExerciseDraft): ExerciseCreateRequest {
  return {
    title: draft.title,
    kind: draft.kind,
    summary: draft.summary,
    venue: venueOf(draft),
    timeZone: draft.timeZone,
    startsAt: toIso(draft.startsAt),
    endsAt: toIso(draft.endsAt),
    participants: draft.participants,
    units: draft.units.map((u) => ({ nation: u.nation, name: u.name })),
    resources: draft.resources.map((r) => r.name),
    objectives: draft.objectives.map((o) => ({
      text: o.text,
      threats: o.threats,
      commitmentId: o.commitmentId.trim() ? o.commitmentId.trim().toLowerCase() : null,
    })),
    trainingAudience: draft.trainingAudience,
    milestones: draft.milestones.map((m) => ({
      ...(m.id ? { id: m.id } : {}),
      kind: m.kind,
      title: m.title,
      startsAt: toIso(m.startsAt),
      endsAt: toIso(m.endsAt),
      meetingId: m.meetingId || null,
    })),
    label: draft.label,
  };
}

const coordinate = (text: string, limit: number) => text.trim() !== '' && Number.isFinite(Number(text)) && Math.abs(Number(text)) <= limit;

/**
 * What a clash check asks of the draft: its times, venue, nations, units and resources — null
 * while it has no STARTEX and ENDEX (ENDEX after STARTEX) or a venue half typed. Rows not yet named
 * are left out.
 */
export function clashPlanOf(draft: ExerciseDraft, exerciseId: string | null): ClashCheckRequest | null {
  const startsAt = toIso(draft.startsAt);
  const endsAt = toIso(draft.endsAt);
  if (!startsAt || !endsAt || Number.isNaN(Date.parse(startsAt)) || Number.isNaN(Date.parse(endsAt)) || endsAt <= startsAt) return null;
  if (!draft.distributed && (!draft.venue.name.trim() || !coordinate(draft.venue.lat, 90) || !coordinate(draft.venue.lon, 180)))
    return null;
  return {
    exerciseId,
    venue: venueOf(draft),
    startsAt,
    endsAt,
    participants: draft.participants,
    units: draft.units.filter((u) => u.name.trim() && u.nation).map((u) => ({ nation: u.nation, name: u.name.trim() })),
    resources: draft.resources.map((r) => r.name.trim()).filter(Boolean),
  };
}

/** What an edit changes: the fields whose value differs from the saved exercise's (lists whole); at least the title. */
export function changesOf(request: ExerciseCreateRequest, saved: ExerciseCreateRequest): ExerciseUpdateRequest {
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(request) as (keyof ExerciseCreateRequest)[])
    if (JSON.stringify(request[key]) !== JSON.stringify(saved[key])) changes[key] = request[key];
  return Object.keys(changes).length > 0 ? (changes as ExerciseUpdateRequest) : { title: request.title };
}

/** Whether an issue's path is the field's or lies under it (`units.2` holds `units.2.name`). */
export const under = (path: string, field: string) => path === field || path.startsWith(`${field}.`);

/** The messages of the issues at or under a field. */
export const messagesAt = (issues: readonly { path: string; message: string }[], field: string) =>
  issues.filter((i) => under(i.path, field)).map((i) => i.message);

/** The issues no field shown takes (they are listed together under the form). */
export const unplaced = <I extends { path: string }>(issues: readonly I[], fields: readonly string[]) =>
  issues.filter((i) => !fields.some((f) => under(i.path, f)));

/** The fields the form shows issues at, the rows' included. */
export function issueFields(draft: ExerciseDraft): string[] {
  return [
    'title',
    'kind',
    'summary',
    'venue',
    'timeZone',
    'startsAt',
    'endsAt',
    'participants',
    'trainingAudience',
    'label',
    ...draft.units.map((_, i) => `units.${i}`),
    ...draft.resources.map((_, i) => `resources.${i}`),
    ...draft.objectives.map((_, i) => `objectives.${i}`),
    ...draft.milestones.map((_, i) => `milestones.${i}`),
  ];
}
