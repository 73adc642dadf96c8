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
