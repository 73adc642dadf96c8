/** Table types for Kysely; they follow the migrations in ./migrations. */
import type { GeneratedAlways, ColumnType, Generated } from 'kysely';
import type { LabelColumns } from '../../shared/labels/label-columns';
import type { Clause, Decision, Entry, Procedure, Silence, StatementDocument, Translation } from '../../shared/contracts/statements';
import type { Objective, Unit } from '../../shared/contracts/training';
import type { ExpectationInput, InjectAction } from '../../shared/contracts/exercise-control';
import type { Label } from '../../shared/labels/label';

export type { LabelColumns };

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface NationsTable {
  code: string;
  name: string;
  created_at: Generated<Timestamp>;
}

export interface CommunitiesTable {
  code: string;
  name: string;
  created_at: Generated<Timestamp>;
}

/** Versioned membership: a row is valid from `valid_from` until `valid_to` (null = now). */
export interface CommunityMembershipsTable {
  id: Generated<number>;
  community: string;
  nation: string;
  valid_from: Timestamp;
  valid_to: Timestamp | null;
}

export interface CaveatsTable {
  code: string;
  name: string;
}

export interface OrganisationsTable {
  id: string;
  nation: string;
  name: string;
  client_of: string | null;
  created_at: Generated<Timestamp>;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  org_id: string;
  roles: string[];
  clearance: string;
  caveats: string[];
  language: string;
  password_hash: string;
  totp_secret: string | null;
  /** Where hotline notifications are e-mailed; none means in-app only. */
  email: ColumnType<string | null, string | null | undefined, string | null>;
  disabled_at: Timestamp | null;
  /** No longer read: the sign-in throttle (`sign_in_throttle`) replaced the per-account lockout. */
  failed_sign_ins: Generated<number>;
  locked_until: Timestamp | null;
  /** The last TOTP time step accepted (30-second steps since the epoch); codes of it or earlier are refused. */
  totp_last_step: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: Generated<Timestamp>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Failed sign-ins per username (known or not) in a window that starts at the first. */
export interface SignInThrottleTable {
  /** SHA-256 of the username as typed. */
  subject: string;
  window_started_at: Timestamp;
  failures: number;
}

/** A SECRET clearance requested by one node administrator, waiting for another. */
export interface ClearanceGrantsTable {
  id: string;
  user_id: string;
  clearance: string;
  requested_by: string;
  requested_at: Timestamp;
  state: 'pending' | 'approved' | 'refused' | 'superseded';
  /** The approving or refusing administrator; null when the console decided. */
  decided_by: string | null;
  decided_at: Timestamp | null;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  /** The current end: the idle limit's, moved on while the person stays signed in, never past `ends_at`. */
  expires_at: Timestamp;
  /** The absolute end, fixed at sign-in. */
  ends_at: Timestamp;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  /** What the token may be used for (src/shared/vocab/token-scopes.ts). */
  scopes: string[];
}

/** Label columns every labelled table carries (see src/server/db/repositories/sql/releasability-sql.ts). */

export interface NotesTable extends LabelColumns {
  id: string;
  version: number;
  title: string;
  body: string;
  sources_text: string | null;
  /** The sources field group's own label (classification, relTo, caveats, tlp, recipients). */
  sources_label: Json<unknown> | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IncidentsTable extends LabelColumns {
  id: string;
  version: number;
  release_state: string;
  domain: string;
  subtype: string;
  title: string;
  narrative: string;
  occurred_at: Timestamp;
  time_precision: string;
  country: string;
  admin1: string | null;
  admin2: string | null;
  place_name: string | null;
  lat: number | null;
  lon: number | null;
  geo_precision: string;
  uncertainty_km: number | null;
  killed: Json<unknown>;
  wounded: Json<unknown>;
  abducted: Json<unknown>;
  sources: Json<unknown> | null;
  sources_label: Json<unknown> | null;
  proposed_label: Json<unknown>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Generated full-text vector; never written. */
  search: ColumnType<string | null, never, never>;
}

/** Every version of an incident, with the label it carried; history is filtered per version. */
export interface IncidentVersionsTable extends LabelColumns {
  id: string;
  version: number;
  change: string;
  changed_by: string;
  changed_at: Timestamp;
  snapshot: Json<Record<string, unknown>>;
}

/** A reusable actor (armed group, criminal network, state force, ...) with the release workflow. */
export interface ActorsTable extends LabelColumns {
  id: string;
  version: number;
  release_state: string;
  kind: string;
  name: string;
  aliases: string[];
  description: string;
  country: string | null;
  proposed_label: Json<unknown>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A cyber observable, normalised on write, with warnings for usually benign values. */
export interface IndicatorsTable extends LabelColumns {
  id: string;
  version: number;
  release_state: string;
  type: string;
  value: string;
  /** As its author or producer gave it; null: none (its STIX object is named by its value). */
  name: string | null;
  description: string;
  first_seen: Timestamp | null;
  last_seen: Timestamp | null;
  warnings: string[];
  proposed_label: Json<unknown>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Versions of records of every kind after incidents (actors, indicators), each with its label. */
export interface RecordVersionsTable extends LabelColumns {
  record_kind: string;
  id: string;
  version: number;
  change: string;
  changed_by: string;
  changed_at: Timestamp;
  snapshot: Json<Record<string, unknown>>;
}

/** A link from one record to another; shown only when the reader may read both ends. */
export interface RecordLinksTable {
  from_kind: string;
  from_id: string;
  relation: string;
  to_kind: string;
  to_id: string;
  created_by: string;
  created_at: Timestamp;
}

/** Located incidents counted per map grid cell, domain and label (kept by triggers; see migration 0005). */
export interface IncidentMapCellsTable extends Omit<LabelColumns, 'label_version'> {
  level: number;
  cx: number;
  cy: number;
  domain: string;
  label_key: string;
  count: number;
  sum_lat: number;
  sum_lon: number;
}

/** A user's saved incident search; `checked_seq` is the last change record it was checked against. */
export interface SavedSearchesTable {
  id: string;
  owner: string;
  name: string;
  filter: Json<Record<string, unknown>>;
  /** bigint: arrives as a string from pg; compare with Number(). */
  checked_seq: number;
  created_at: Timestamp;
}

/** Incidents a saved search has already reported (each reported once). */
export interface SavedSearchHitsTable {
  search_id: string;
  incident_id: string;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  search_id: string | null;
  /** New matches of a saved search; null for an alert step. */
  count: number | null;
  /** The alert a hotline notification is about (its minimal line says what to do). */
  alert_id: ColumnType<string | null, string | null | undefined, string | null>;
  line: ColumnType<string | null, string | null | undefined, string | null>;
  /** The desk of a hotline notification; an answer from that desk clears it. */
  desk_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** What a hotline notification reports: a step paged `role`, or the steps ran out. */
  event: ColumnType<string | null, string | null | undefined, string | null>;
  role: ColumnType<string | null, string | null | undefined, string | null>;
  /** The record a notification is about (a commitment's reminder). */
  record_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

/** A published STIX object: one version of a shareable record, with that version's label. */
export interface StixObjectsTable extends LabelColumns {
  seq: Generated<number>;
  stix_id: string;
  stix_type: string;
  modified: Timestamp;
  version: number;
  record_kind: string;
  record_id: string;
  date_added: Timestamp;
  /** The object as its originator node signed it (record-signature.ts). */
  object: Json<unknown>;
  /** The node that signed it (this node for its own records, the originator's for received ones). */
  origin_node: string;
  /** The signed object without a field group labelled stricter than the record (sources), when it has one. */
  stripped: Json<unknown> | null;
  /** A newer version of this object is here (kept by a trigger, migration 0022). */
  superseded: Generated<boolean>;
  /** A marking definition or identity that records' objects name, held for their readers (migration 0037). */
  reference: Generated<boolean>;
  /** The object's text size in bytes, its stripped form's included (kept by the database: migration 0049). */
  object_bytes: GeneratedAlways<number>;
}

/** A TAXII 2.1 status resource (an add-objects request and what became of it). */
export interface TaxiiStatusTable {
  id: string;
  user_id: string;
  created_at: Timestamp;
  status: Json<unknown>;
}

/** What a peer node was served (a recall goes to every node that received any version). */
export interface DeliveriesTable {
  peer_node_id: string;
  stix_id: string;
  version: number;
  delivered_at: Timestamp;
}

/** A recalled record: its content is gone and it may not come back. */
export interface TombstonesTable {
  stix_id: string;
  record_kind: string;
  record_id: string;
  originator_nation: string;
  recall_stix_id: string;
  recalled_at: Timestamp;
  reason: string;
  /** The peer node that sent the recall (null for tombstones kept before this was recorded). */
  sent_by: string | null;
  /** The record was here when the recall came, and its originator was the signer's nation. */
  record_held: Generated<boolean>;
}

/** A purge whose tables wait to be compacted (purge-compaction.ts), per record kind. */
export interface PurgeCompactionsTable {
  record_kind: string;
  requested_at: Timestamp;
}

/** A recall this node made of one of its records. */
export interface RecallsTable {
  id: string;
  stix_id: string;
  record_kind: string;
  record_id: string;
  reason: string;
  recalled_by: string;
  recalled_at: Timestamp;
}

/** A partner node's signed receipt for a recall. */
export interface RecallReceiptsTable {
  recall_id: string;
  node_id: string;
  applied_at: Timestamp;
  received_at: Timestamp;
  receipt: Json<unknown>;
}

/** An object a peer sent that was refused, with the reason. */
export interface FederationRejectsTable {
  id: Generated<number>;
  peer_node_id: string;
  at: Timestamp;
  stix_id: string | null;
  reason: string;
}

/** A partner node, pinned to its public key. */
export interface PeersTable {
  node_id: string;
  nation: string;
  url: string;
  public_key: string;
  added_by: string;
  added_at: Timestamp;
  last_contact_at: Timestamp | null;
  last_error: string | null;
  last_error_at: Timestamp | null;
  /** What the node rule needs: the peer's accreditation and the caveats it holds. */
  accreditation: string;
  caveats: string[];
  /** The TAXII `next` of the last object pulled from this peer. */
  pull_cursor: string | null;
  /** The last cursor a page came from (null: the start): where a pull resumes when the peer refuses `pull_cursor`. */
  good_cursor: string | null;
  /** How often the peer refused the cursor held and the pull went back to `good_cursor`. */
  cursor_resets: Generated<string | number>;
  /** When the peer asked to be pulled (a poke); cleared by the pull that follows. */
  pull_requested_at: Timestamp | null;
  last_pull_at: Timestamp | null;
  last_object_at: Timestamp | null;
  objects_in: Generated<string | number>;
  objects_out: Generated<string | number>;
  rejects: Generated<string | number>;
  /** Pulls that failed (unreachable, refused, cut off), each also in last_error. */
  pull_failures: Generated<string | number>;
  /** The peer's last signed audit checkpoint held here (audit-exchange.ts): its sealed position, head hash and time. */
  audit_position: string | null;
  /** Entry count of a checkpoint held before peers sealed their positions (no longer written). */
  audit_seq: string | number | null;
  audit_head: string | null;
  audit_at: Timestamp | null;
  /** Set when a later checkpoint did not extend it: a truncated or rewritten log. */
  audit_problem: string | null;
  audit_problem_at: Timestamp | null;
}

/** A node token already presented (kept until it expires, so it cannot be presented again). */
export interface NodeTokenUsesTable {
  jti: string;
  node_id: string;
  expires_at: Timestamp;
}

/** A browser a person asked to be notified on (Web Push). */
export interface PushSubscriptionsTable {
  id: string;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  created_at: Timestamp;
}

/** A push message waiting to be (re)sent. */
export interface PushOutboxTable {
  id: string;
  subscription_id: string;
  payload: string;
  created_at: Timestamp;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  sent_at: Timestamp | null;
  last_error: string | null;
}

/** A message waiting to be sent (or sent): the outbox the mail job drains. */
export interface MailOutboxTable {
  id: string;
  to_address: string;
  subject: string;
  body: string;
  created_at: Timestamp;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  sent_at: Timestamp | null;
  last_error: string | null;
}

/** A nation's point of contact on the hotline. */
export interface DesksTable {
  id: string;
  nation: string;
  name: string;
  created_by: string;
  created_at: Timestamp;
  /** The partner node that runs this desk; null for this node's own desks. */
  home_node: string | null;
  /** How to reach the desk (phone, secure voice, …), published with it under its label. */
  contacts: ColumnType<unknown, string | undefined, string>;
  /** Bumped when the contacts change, so the change travels as a new version of the desk. */
  version: ColumnType<number, number | undefined, number>;
  updated_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface TaxiiSubscriptionsTable {
  id: string;
  name: string;
  api_root: string;
  collection_id: string;
  /** The kind of credential only (`{ kind }`); the credential itself is in auth_sealed. */
  auth: Json<unknown>;
  /** The credential, sealed under the secrets key with the feed's id (sealed-secrets.ts); null for none. */
  auth_sealed: string | null;
  default_label: Json<unknown>;
  owner_id: string;
  created_at: Timestamp;
  paused: Generated<boolean>;
  added_after: string | null;
  next_page: string | null;
  poll_requested_at: Timestamp | null;
  last_poll_at: Timestamp | null;
  last_success_at: Timestamp | null;
  last_error: string | null;
  failures: Generated<number>;
  imported: Generated<number>;
  originator_only: Generated<number>;
  present: Generated<number>;
  /** Records here a newer version from the feed updated. */
  updated: Generated<number>;
  unmapped: Generated<number>;
}

export interface TaxiiUnmappedTable {
  seq: Generated<number>;
  subscription_id: string;
  at: Timestamp;
  stix_id: string;
  stix_type: string;
  reason: string;
}

/** Where a record a STIX import wrote came from (migration 0026): its STIX id, and the feed that brought it (null: a person). */
export interface ImportedRecordsTable {
  record_kind: string;
  record_id: string;
  stix_id: string;
  feed_id: string | null;
  imported_by: string;
  imported_at: Timestamp;
}

export interface DeskRosterTable {
  desk_id: string;
  role: string;
  user_id: string;
}

export interface DeskShiftsTable {
  id: string;
  desk_id: string;
  user_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
}

export interface EscalationPoliciesTable {
  desk_id: string;
  version: number;
  policy: Json<unknown>;
  updated_by: string;
  updated_at: Timestamp;
}

/** A hotline alert: a labelled record released to the target desks' nations. */
export interface AlertsTable extends LabelColumns {
  id: string;
  version: number;
  severity: string;
  summary: string;
  details: string;
  exercise: boolean;
  /** The exercise whose inject made it (an exercise's records carry its id; null: not made by an inject). */
  exercise_id: ColumnType<string | null, string | null | undefined, string | null>;
  raised_by: string;
  raised_at: Timestamp;
}

/** A crisis: declared by one nation, released to the participating nations. */
export interface CrisesTable extends LabelColumns {
  id: string;
  version: number;
  title: string;
  summary: string;
  exercise: boolean;
  /** The exercise whose inject made it (an exercise's records carry its id; null: not made by an inject). */
  exercise_id: ColumnType<string | null, string | null | undefined, string | null>;
  status: string;
  alert_id: string | null;
  declared_by: string;
  declared_at: Timestamp;
  closed_by: string | null;
  closed_at: Timestamp | null;
  closing_summary: string | null;
  lessons: string | null;
  /** A partner's crisis: the node that runs it (null: this node's own). */
  home_node: string | null;
}

/** One entry of a crisis room's log, a labelled record of the nation that wrote it. */
export interface CrisisEntriesTable extends LabelColumns {
  id: string;
  crisis_id: string;
  version: number;
  kind: string;
  content: Json<unknown>;
  /** Requests, offers and tasks: where they stand (moved only by update entries of the same audience). */
  entry_state: string | null;
  /** Update entries: the request, offer or task they move. */
  subject_id: string | null;
  /** Offers: the request they answer. */
  request_id: string | null;
  owner_nation: string | null;
  owner_user: string | null;
  deadline: Timestamp | null;
  /** Offers: the nation that accepts or declines it (the request's, or the crisis's for a free offer). */
  requester_nation: string | null;
  entered_by: string;
  entered_at: Timestamp;
  updated_at: Timestamp;
}

/** A venue: a place on the map, or online. */
export type Venue = { online: true } | { online: false; name: string; country: string; lat: number; lon: number };
/** A person of a delegation. */
export interface DelegateColumns {
  name: string;
  rank: string;
  appointment: string;
}

/** A meeting of the strategic dialogue: a record of its host nation, run by the host's node. */
export interface MeetingsTable extends LabelColumns {
  id: string;
  version: number;
  /** A partner's meeting: the node that runs it (null: this node's own). */
  home_node: string | null;
  title: string;
  kind: string;
  summary: string;
  venue: Json<Venue>;
  /** The venue's IANA time zone: times are shown in it. */
  time_zone: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  /** The nations invited (the host among them). */
  participants: string[];
  /** The deadline for answering the invitation. */
  answer_by: Timestamp | null;
  status: string;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A nation's answer to a meeting's invitation: a record of that nation, read through the meeting. */
export interface MeetingAnswersTable extends LabelColumns {
  id: string;
  meeting_id: string;
  version: number;
  answer: string;
  note: string;
  answered_by: string;
  answered_at: Timestamp;
}

/** A nation's delegation to a meeting: a record of that nation, read through the meeting. */
export interface DelegationsTable extends LabelColumns {
  id: string;
  meeting_id: string;
  version: number;
  head: Json<DelegateColumns>;
  members: Json<DelegateColumns[]>;
  updated_by: string;
  updated_at: Timestamp;
}

/** An item of a meeting's agenda, under its own label, read through the meeting. */
export interface AgendaItemsTable extends LabelColumns {
  id: string;
  meeting_id: string;
  version: number;
  /** Its place in the agenda (never shown: a reader numbers the items it may read). */
  position: number;
  title: string;
  description: string;
  owner_nation: string;
  slot_start: Timestamp | null;
  slot_end: Timestamp | null;
  updated_by: string;
  updated_at: Timestamp;
}

/** The minutes of one agenda item, read through the item (and so through its meeting). */
export interface MinutesTable extends LabelColumns {
  id: string;
  agenda_item_id: string;
  meeting_id: string;
  version: number;
  text: string;
  status: string;
  updated_by: string;
  updated_at: Timestamp;
}

/** A joint statement: its meeting's host's record, run by the host's node, read through the meeting (docs/decisions/0043). */
export interface StatementsTable extends LabelColumns {
  id: string;
  meeting_id: string;
  version: number;
  /** A partner's statement: the node that runs it (null: this node's own). */
  home_node: string | null;
  title: string;
  preamble: string;
  /** In order, each with the versions it had. */
  clauses: Json<Clause[]>;
  /** Counts the changes of the text (title, preamble, any clause): a position on the whole is on one. */
  text_version: number;
  status: string;
  silence: Json<Silence> | null;
  procedure: Json<Procedure>;
  decisions: Json<Decision[]>;
  /** Once adopted: the signed document that freezes it. */
  adopted: Json<StatementDocument> | null;
  adopted_at: Timestamp | null;
  /** The language it was drafted in. */
  language: Generated<string>;
  /** Added once adopted, each signed by the host's node. */
  translations: ColumnType<Translation[], string | undefined, string>;
  /** Released to be served without sign-in: when, by whom (the host's releasing officer). */
  public_at: Timestamp | null;
  public_by: string | null;
  /** The nations whose word it takes: the meeting's when it was drafted. */
  participants: string[];
  /** When this node learnt of the current silence (its own clock; never sent). */
  silence_seen_at: Timestamp | null;
  /** Minutes put to adoption: the agenda item whose minutes each clause carries (null: an ordinary statement). */
  minutes_of: ColumnType<MinutesClause[] | null, string | null | undefined, string | null>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A nation's word on a joint statement — positions, amendments, comments, no-objection words — one record per nation, read through the statement. */
export interface StatementPositionsTable extends LabelColumns {
  id: string;
  statement_id: string;
  meeting_id: string;
  version: number;
  /** Appended, never rewritten. */
  entries: Json<Entry[]>;
  updated_by: string;
  updated_at: Timestamp;
}

/** A clause of minutes put to adoption: the agenda item whose minutes it carries. */
export interface MinutesClause {
  clauseId: string;
  agendaItemId: string;
}

/** Where a commitment was made: a statement (and clause), or an agenda item's minutes. */
export interface CommitmentSourceRef {
  kind: 'statement' | 'minutes' | 'observation';
  /** The statement, the agenda item whose minutes record it, or the observation it is an action on. */
  id: string;
  clauseId?: string;
}

/** What a statement or minutes commit nations to: the host's, read through its meeting. */
export interface CommitmentsTable extends LabelColumns {
  id: string;
  meeting_id: string;
  version: number;
  text: string;
  owner_nations: string[];
  /** A calendar date, YYYY-MM-DD. */
  due_on: string;
  source: Json<CommitmentSourceRef> | null;
  created_by: string;
  created_at: Timestamp;
  updated_by: string;
  updated_at: Timestamp;
}

/** A record a progress report cites. */
export interface EvidenceRef {
  kind: string;
  id: string;
}

/** An owner nation's progress report on a commitment: written once, read through the commitment. */
/** One milestone of an exercise's plan, as stored in its row. */
export interface StoredMilestone {
  id: string;
  kind: string;
  title: string;
  starts_at: string;
  ends_at: string;
  meeting_id: string | null;
}

/** An exercise of joint training: a record of its lead nation, run by the lead's node. */
export interface ExercisesTable extends LabelColumns {
  id: string;
  version: number;
  /** A partner's exercise: the node that runs it (null: this node's own). */
  home_node: string | null;
  title: string;
  kind: string;
  status: string;
  summary: string;
  venue: Json<Venue>;
  /** The venue's IANA time zone: times are shown in it. */
  time_zone: string;
  /** STARTEX. */
  starts_at: Timestamp;
  /** ENDEX. */
  ends_at: Timestamp;
  /** The nations taking part (the lead among them). */
  participants: string[];
  units: Json<Unit[]>;
  resources: string[];
  objectives: Json<Objective[]>;
  training_audience: string;
  milestones: Json<StoredMilestone[]>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The run, from the control panel: started (STARTEX), paused since, paused in all (ms), ended. */
  run_started_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  run_paused_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  run_paused_ms: ColumnType<string, number | string | undefined, number | string>;
  run_ended_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** An inject of an exercise's MSEL: what it makes, when (minutes from STARTEX), what it expects. */
export interface ExerciseInjectsTable {
  id: string;
  exercise_id: string;
  version: number;
  title: string;
  at_minutes: number;
  kind: string;
  action: Json<InjectAction>;
  expectations: Json<StoredExpectation[]>;
  status: string;
  /** Its timer while the exercise runs (null before STARTEX, while paused, once no longer scheduled). */
  due_at: Timestamp | null;
  fired_at: Timestamp | null;
  made_kind: string | null;
  made_id: string | null;
  failure: string | null;
  written_by: string;
  /** The label its record will carry, checked when written (null: written before labels were kept; its writer alone sees it). */
  record_label: ColumnType<Label | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/**
 * An observation of an exercise, a participating nation's record read through the exercise: what
 * was observed, discussed, concluded and recommended, and how far it has come (observation, lesson
 * identified, lesson learned). Its actions are commitments naming it as their source.
 */
export interface ObservationsTable extends LabelColumns {
  id: string;
  exercise_id: string;
  version: number;
  title: string;
  observation: string;
  discussion: string;
  conclusion: string;
  recommendation: string;
  /** The exercise objective it is about, by its place in the exercise's list. */
  objective: number | null;
  stage: string;
  created_by: string;
  created_at: Timestamp;
  updated_by: string;
  updated_at: Timestamp;
}

/** A controller's verdict on one expectation of an inject. */
export interface ExerciseVerdictsTable {
  inject_id: string;
  expectation_id: string;
  verdict: string;
  note: string;
  decided_by: string;
  decided_at: Timestamp;
}

/** A nation's word that a unit (or the nation) is busy: partners plan around it without seeing why. */
export interface BusyBlocksTable extends LabelColumns {
  id: string;
  version: number;
  title: string;
  /** The unit it keeps busy (null: the nation). */
  unit: string | null;
  all_day: boolean;
  starts_at: Timestamp;
  ends_at: Timestamp;
  time_zone: string;
  status: string;
  /** A draft's label once published (its own label meanwhile releases it to its nation alone); null once published. */
  proposed_label: Json<Label> | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CommitmentReportsTable extends LabelColumns {
  id: string;
  commitment_id: string;
  meeting_id: string;
  version: number;
  status: string;
  text: string;
  evidence: Json<EvidenceRef[]>;
  reported_by: string;
  reported_at: Timestamp;
}

/** A reminder sent: one per person, commitment, event and due date. */
export interface CommitmentRemindersTable {
  commitment_id: string;
  user_id: string;
  event: string;
  due_on: string;
  sent_at: Timestamp;
}

/** A person's calendar subscription: the hash of its token. */
export interface CalendarFeedsTable {
  user_id: string;
  token_hash: string;
  created_at: Timestamp;
  last_read_at: Timestamp | null;
}

/** The escalation of one alert at one target desk; `due_at` is its timer. */
export interface AlertTargetsTable {
  alert_id: string;
  desk_id: string;
  plan: Json<unknown>;
  policy_version: number | null;
  status: string;
  round: number;
  step: number;
  notified_at: Timestamp;
  due_at: Timestamp | null;
  closed_at: Timestamp | null;
}

/** An acknowledgement or decline: a record originated by the responding nation. */
export interface AlertResponsesTable extends LabelColumns {
  id: string;
  alert_id: string;
  desk_id: string;
  kind: string;
  note: string | null;
  responded_by: string;
  responded_at: Timestamp;
}

/** A file attached to an incident; readable exactly when the incident is. */
export interface AttachmentsTable {
  id: string;
  incident_id: string;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  content: Uint8Array;
  created_by: string;
  created_at: Timestamp;
}

/**
 * A file attached to an agenda item: its writer nation's record (the host's, or the item's owner
 * nation's), read through the item and its meeting, replicated with its content.
 */
export interface AgendaAttachmentsTable extends LabelColumns {
  id: string;
  agenda_item_id: string;
  meeting_id: string;
  version: number;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  content: Uint8Array;
  created_by: string;
  created_at: Timestamp;
}

/** A release waiting for its second approver: one per record, replaced when the label changes. */
export interface ReleaseApprovalsTable {
  record_kind: string;
  record_id: string;
  label: Json<unknown>;
  approved_by: string;
  approved_at: Timestamp;
  /** The record's version the approval was given for; an edit voids it (null: from before versions were bound). */
  record_version: number | null;
}

export interface ChangesTable {
  seq: Generated<number>;
  at: Timestamp;
  record_kind: string;
  record_id: string;
  version: number;
  change: string;
}

export interface AuditLogTable {
  seq: number;
  at: Timestamp;
  actor_id: string | null;
  actor: string;
  action: string;
  outcome: string;
  target_kind: string | null;
  target_id: string | null;
  details: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

/** A partner's countersignature of this node's audit checkpoint, the newest per partner (migration 0028). */
export interface AuditCountersignaturesTable {
  peer_node_id: string;
  peer_nation: string;
  /** The key that signed it (the partner's pinned key when it arrived). */
  peer_public_key: string;
  seq: number;
  head_hash: string;
  at: Timestamp;
  signature: string;
  received_at: Timestamp;
}

export interface AuditCheckpointsTable {
  seq: number;
  head_hash: string;
  at: Timestamp;
  node_id: string;
  signature: string;
}

export interface NodeIdentityTable {
  id: number;
  node_id: string;
  nation: string;
  public_key: string;
  /** Empty since the key moved to its key file (migration 0028); kept only until that first start. */
  private_key: string | null;
  created_at: Timestamp;
}

export interface NodeSettingsTable {
  key: string;
  value: Json<unknown>;
}

/** The first answer to a request sent with an Idempotency-Key (migration 0032). */
export interface IdempotencyKeysTable {
  /** The user who sent it. */
  caller: string;
  /** `METHOD /url/:pattern`, as the route table declares it. */
  route: string;
  key: string;
  /** SHA-256 of the request's path, query, body and If-Match. */
  fingerprint: string;
  status: number;
  headers: Json<Record<string, string>>;
  /** The body exactly as sent. */
  body: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface DB {
  nations: NationsTable;
  communities: CommunitiesTable;
  community_memberships: CommunityMembershipsTable;
  caveats: CaveatsTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  sign_in_throttle: SignInThrottleTable;
  clearance_grants: ClearanceGrantsTable;
  notes: NotesTable;
  incidents: IncidentsTable;
  incident_versions: IncidentVersionsTable;
  release_approvals: ReleaseApprovalsTable;
  actors: ActorsTable;
  indicators: IndicatorsTable;
  record_versions: RecordVersionsTable;
  record_links: RecordLinksTable;
  incident_map_cells: IncidentMapCellsTable;
  saved_searches: SavedSearchesTable;
  saved_search_hits: SavedSearchHitsTable;
  notifications: NotificationsTable;
  attachments: AttachmentsTable;
  mail_outbox: MailOutboxTable;
  push_subscriptions: PushSubscriptionsTable;
  push_outbox: PushOutboxTable;
  peers: PeersTable;
  node_token_uses: NodeTokenUsesTable;
  stix_objects: StixObjectsTable;
  deliveries: DeliveriesTable;
  taxii_status: TaxiiStatusTable;
  tombstones: TombstonesTable;
  purge_compactions: PurgeCompactionsTable;
  recalls: RecallsTable;
  recall_receipts: RecallReceiptsTable;
  federation_rejects: FederationRejectsTable;
  desks: DesksTable;
  taxii_subscriptions: TaxiiSubscriptionsTable;
  taxii_unmapped: TaxiiUnmappedTable;
  imported_records: ImportedRecordsTable;
  desk_roster: DeskRosterTable;
  desk_shifts: DeskShiftsTable;
  escalation_policies: EscalationPoliciesTable;
  alerts: AlertsTable;
  alert_targets: AlertTargetsTable;
  alert_responses: AlertResponsesTable;
  crises: CrisesTable;
  crisis_entries: CrisisEntriesTable;
  meetings: MeetingsTable;
  meeting_answers: MeetingAnswersTable;
  delegations: DelegationsTable;
  agenda_items: AgendaItemsTable;
  minutes: MinutesTable;
  agenda_attachments: AgendaAttachmentsTable;
  statements: StatementsTable;
  statement_positions: StatementPositionsTable;
  commitments: CommitmentsTable;
  commitment_reports: CommitmentReportsTable;
  commitment_reminders: CommitmentRemindersTable;
  exercises: ExercisesTable;
  exercise_injects: ExerciseInjectsTable;
  exercise_verdicts: ExerciseVerdictsTable;
  observations: ObservationsTable;
  busy_blocks: BusyBlocksTable;
  calendar_feeds: CalendarFeedsTable;
  changes: ChangesTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  audit_checkpoints: AuditCheckpointsTable;
  audit_countersignatures: AuditCountersignaturesTable;
  node_identity: NodeIdentityTable;
  node_settings: NodeSettingsTable;
  idempotency_keys: IdempotencyKeysTable;
}

/** An expectation as stored: its input with its id. */
export type StoredExpectation = ExpectationInput & { id: string };
