/**
 * Crisis rooms' fixed vocabulary: the kinds of log entry, the situation levels of a situation
 * report, and where requests, offers and tasks can stand and what moves them.
 */
export const CRISIS_ENTRY_KINDS = ['log', 'sitrep', 'request', 'offer', 'task', 'update'] as const;
export type CrisisEntryKind = (typeof CRISIS_ENTRY_KINDS)[number];

/** How a participant describes its situation in a situation report (shown on the status board). */
export const SITUATION_LEVELS = ['normal', 'degraded', 'critical'] as const;
export type SituationLevel = (typeof SITUATION_LEVELS)[number];

export const REQUEST_STATES = ['open', 'matched', 'accepted', 'fulfilled', 'withdrawn'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];
export const OFFER_STATES = ['offered', 'accepted', 'declined', 'fulfilled', 'withdrawn'] as const;
export type OfferState = (typeof OFFER_STATES)[number];
export const TASK_STATES = ['open', 'done', 'cancelled'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** What an update entry does to the request, offer or task it names. */
export const ENTRY_ACTIONS = ['accept', 'decline', 'fulfil', 'withdraw', 'take', 'done', 'cancel'] as const;
export type EntryAction = (typeof ENTRY_ACTIONS)[number];
