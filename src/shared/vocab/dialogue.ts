/** Strategic dialogue's vocabularies: meeting kinds, invitation answers, where meetings and minutes stand. */
export const MEETING_KINDS = ['conference', 'staff-talks', 'working-group', 'bilateral', 'video-conference'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_STATUSES = ['planned', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** A nation's answer to an invitation. */
export const INVITATION_ANSWERS = ['accepted', 'declined', 'tentative'] as const;
export type InvitationAnswer = (typeof INVITATION_ANSWERS)[number];

export const MINUTES_STATUSES = ['draft', 'adopted'] as const;
export type MinutesStatus = (typeof MINUTES_STATUSES)[number];

/** Where a joint statement stands: being drafted, under a silence procedure, adopted (frozen), or withdrawn by its pen-holder. */
export const STATEMENT_STATUSES = ['drafting', 'silence', 'adopted', 'withdrawn'] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];

/** A nation's position on a clause or on a whole text. */
export const STANCES = ['concur', 'reservation', 'non-concur'] as const;
export type Stance = (typeof STANCES)[number];

/** The pen-holder's decision on a proposed amendment. */
export const AMENDMENT_DECISIONS = ['accepted', 'rejected'] as const;
export type AmendmentDecision = (typeof AMENDMENT_DECISIONS)[number];

/** Where a commitment stands, as its owner nations last reported it. */
export const COMMITMENT_STATUSES = ['planned', 'in-progress', 'done', 'dropped'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

/** Where a commitment was made: in a joint statement, in an agenda item's minutes (a decision or an action item), or as an action on an exercise's observation. */
export const COMMITMENT_SOURCES = ['statement', 'minutes', 'observation'] as const;
export type CommitmentSource = (typeof COMMITMENT_SOURCES)[number];

/** The kinds of record a progress report may cite as evidence. */
export const EVIDENCE_KINDS = ['incident', 'crisis', 'meeting', 'statement', 'note', 'actor'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
