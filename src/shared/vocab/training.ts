/** Joint training's vocabularies: kinds of exercise, where an exercise stands, its milestones, what a clash is. */
export const EXERCISE_KINDS = ['tabletop', 'command-post', 'field', 'live-fire', 'seminar', 'computer-assisted'] as const;
export type ExerciseKind = (typeof EXERCISE_KINDS)[number];

/**
 * Where an exercise stands. Planners move it through concept, planning and approval (and back), or
 * cancel it for good; it executes and completes from its control panel.
 */
export const EXERCISE_STATUSES = ['concept', 'planning', 'approved', 'executing', 'complete', 'cancelled'] as const;
export type ExerciseStatus = (typeof EXERCISE_STATUSES)[number];

/** The moves a planner makes by hand (`executing` and `complete` are the control panel's). */
export const PLANNED_MOVES: Readonly<Record<ExerciseStatus, readonly ExerciseStatus[]>> = {
  concept: ['planning', 'cancelled'],
  planning: ['concept', 'approved', 'cancelled'],
  approved: ['planning', 'cancelled'],
  executing: [],
  complete: [],
  cancelled: [],
};

/**
 * Planning milestones besides STARTEX and ENDEX (the exercise's own start and end): the three
 * planning conferences come before STARTEX in this order, the after-action review after ENDEX.
 */
export const MILESTONE_KINDS = [
  'initial-planning-conference',
  'main-planning-conference',
  'final-planning-conference',
  'after-action-review',
  'other',
] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

/** A milestone's name in English, where no title of its own is given (the web app's are in its locales). */
export const MILESTONE_NAMES: Record<MilestoneKind, string> = {
  'initial-planning-conference': 'Initial planning conference',
  'main-planning-conference': 'Main planning conference',
  'final-planning-conference': 'Final planning conference',
  'after-action-review': 'After-action review',
  other: 'Milestone',
};

/** Why two things clash: the same unit, venue or key resource, a nation in both, a nation's busy block, a public holiday. */
export const CLASH_REASONS = ['unit', 'venue', 'resource', 'nation', 'busy', 'holiday'] as const;
export type ClashReason = (typeof CLASH_REASONS)[number];

/** A busy block is imported as a draft, published by a planner, and withdrawn (a new version) when no longer true. */
export const BUSY_BLOCK_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type BusyBlockStatus = (typeof BUSY_BLOCK_STATUSES)[number];

/**
 * What an inject of the master scenario events list (MSEL) does when it fires: raise a hotline
 * alert to desks, open a crisis room, post a situation report or a log message in a room an
 * earlier inject opened. Each goes through the hotline's and crisis rooms' own code.
 */
export const INJECT_KINDS = ['alert', 'crisis', 'sitrep', 'message'] as const;
export type InjectKind = (typeof INJECT_KINDS)[number];

/**
 * Where an inject stands: `scheduled` until it fires (or, once ended early, `cancelled`); `fired`
 * when its record was made, `failed` when the hotline or crisis room refused it (the reason is
 * kept and shown; the exercise goes on).
 */
export const INJECT_STATUSES = ['scheduled', 'fired', 'failed', 'cancelled'] as const;
export type InjectStatus = (typeof INJECT_STATUSES)[number];

/**
 * What an inject expects of a nation: its desk acknowledges the alert, it posts a situation report
 * in the inject's crisis room (both judged from the records' own times), or something the
 * exercise's controllers judge themselves.
 */
export const EXPECTATION_KINDS = ['acknowledge', 'sitrep', 'controller'] as const;
export type ExpectationKind = (typeof EXPECTATION_KINDS)[number];

/** An expectation is met or missed; pending until its time has run out or a controller has judged it. */
export const EXPECTATION_VERDICTS = ['met', 'missed', 'pending'] as const;
export type ExpectationVerdict = (typeof EXPECTATION_VERDICTS)[number];

/** What the control panel does to a running exercise: start it (approved → executing), pause, resume, end it (→ complete). */
export const CONTROL_ACTIONS = ['start', 'pause', 'resume', 'end'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

/**
 * What exercise metrics measure: time to acknowledge an injected alert, time to a nation's first
 * situation report in an injected crisis room, time from a request for assistance to an accepted offer.
 */
export const METRIC_MEASURES = ['acknowledge', 'first-report', 'offer-accepted'] as const;
export type MetricMeasure = (typeof METRIC_MEASURES)[number];

/**
 * Where an observation stands in the lessons-learned process: recorded (with its discussion,
 * conclusion and recommendation), identified as a lesson by its nation, then validated as a lesson
 * learned once every action recorded for it is done or dropped. It moves forward one stage at a time.
 */
export const OBSERVATION_STAGES = ['observation', 'lesson-identified', 'lesson-learned'] as const;
export type ObservationStage = (typeof OBSERVATION_STAGES)[number];
