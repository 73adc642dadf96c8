/**
 * Every kind of record, one line each, parents before their children (a page from a peer is
 * applied in this order). What a kind is — its STIX form, how it is published, received from
 * peers and released — is declared in its own folder (record-kind.ts says what an entry holds);
 * what handles every kind iterates this registry. Adding a kind: docs/ARCHITECTURE.md, "Adding a
 * record kind".
 */
import { actorKind } from '../actors/actor-kind';
import { crisisEntryKind } from '../crisis/crisis-entry-kind';
import { crisisKind } from '../crisis/crisis-kind';
import { agendaItemKind } from '../dialogue/agenda-item-kind';
import { commitmentKind } from '../dialogue/commitment-kind';
import { commitmentReportKind } from '../dialogue/commitment-report-kind';
import { delegationKind } from '../dialogue/delegation-kind';
import { meetingAnswerKind } from '../dialogue/meeting-answer-kind';
import { meetingKind } from '../dialogue/meeting-kind';
import { agendaAttachmentKind } from '../dialogue/agenda-attachment-kind';
import { minutesKind } from '../dialogue/minutes-kind';
import { statementKind } from '../dialogue/statement-kind';
import { statementPositionKind } from '../dialogue/statement-position-kind';
import { alertKind } from '../hotline/alert-kind';
import { alertResponseKind } from '../hotline/alert-response-kind';
import { deskKind } from '../hotline/desk-kind';
import { incidentKind } from '../incidents/incident-kind';
import { indicatorKind } from '../indicators/indicator-kind';
import { noteKind } from '../notes/note-kind';
import { canNow } from '../policy/policy';
import type { ReleasableKind } from '../../../shared/contracts/release-queue';
import type { UserActor } from '../auth/actor';
import { busyBlockKind, exerciseKind, observationKind } from '../training/exercise-kind';
import type { OwnedRecord } from '../policy/policy';
import type { LabelledKind } from '../../../shared/vocab/record-kinds';
import type { ReleasableKind as StoredReleasableKind } from '../../db/record-tables';
import type { ApplyReceived, RecordKind, Replica } from './record-kind';

export const RECORD_KINDS = {
  note: noteKind,
  incident: incidentKind,
  actor: actorKind,
  indicator: indicatorKind,
  desk: deskKind,
  alert: alertKind,
  'alert-response': alertResponseKind,
  crisis: crisisKind,
  'crisis-entry': crisisEntryKind,
  meeting: meetingKind,
  'meeting-answer': meetingAnswerKind,
  delegation: delegationKind,
  'agenda-item': agendaItemKind,
  minutes: minutesKind,
  'agenda-attachment': agendaAttachmentKind,
  statement: statementKind,
  'statement-position': statementPositionKind,
  commitment: commitmentKind,
  'commitment-report': commitmentReportKind,
  exercise: exerciseKind,
  'busy-block': busyBlockKind,
  observation: observationKind,
} as const satisfies Record<LabelledKind | 'desk', RecordKind>;

type Registry = typeof RECORD_KINDS;
export type RecordKindName = keyof Registry;
type KindsWith<P extends keyof RecordKind> = {
  [K in RecordKindName]: Registry[K] extends Required<Pick<RecordKind, P>> ? K : never;
}[RecordKindName];
export type PublishedKind = KindsWith<'publish'>;
/** The kinds kept here as replicas of partners' records. */
export type ReplicatedKind = {
  [K in RecordKindName]: Registry[K] extends { fromPeer: { replica: Replica } } ? K : never;
}[RecordKindName];
export type { ReleasableKind };
// The web app's list of kinds with the release workflow (shared/contracts/release-queue.ts) is the
// registry's, and so is the database's (db/record-tables.ts); the replicas are exactly those kinds
// (a recall purges a replica, and recall is the release workflow's).
void (true satisfies Same<KindsWith<'release'>, ReleasableKind>);
void (true satisfies Same<KindsWith<'release'>, StoredReleasableKind>);
void (true satisfies Same<ReplicatedKind, ReleasableKind>);
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

const entries = Object.entries(RECORD_KINDS) as [RecordKindName, RecordKind][];

/** The kinds, in registry order. */
export const RECORD_KIND_NAMES = entries.map(([kind]) => kind);

/** The kinds published to TAXII readers and to peers, with their publication. */
export const PUBLISHED = entries.flatMap(([kind, entry]) =>
  entry.publish ? [{ kind: kind as PublishedKind, publish: entry.publish }] : [],
);
export const PUBLISHED_KINDS = PUBLISHED.map((p) => p.kind);

/** The kinds with the release workflow, each with its storage and the path of its collection. */
export const RELEASABLE = Object.fromEntries(entries.flatMap(([kind, entry]) => (entry.release ? [[kind, entry.release]] : []))) as {
  [K in ReleasableKind]: NonNullable<RecordKind['release']>;
};
export const RELEASABLE_KINDS = Object.keys(RELEASABLE) as ReleasableKind[];

/** The kinds received from peers as replicas (the shared picture), written with a page's records. */
export const REPLICATED = entries.flatMap(([kind, entry]) =>
  entry.fromPeer && 'replica' in entry.fromPeer ? [{ kind: kind as ReplicatedKind, replica: entry.fromPeer.replica }] : [],
);
/** The kinds received from peers one object at a time, after a page's replicas, in registry order. */
export const APPLIED_ONE_BY_ONE: readonly { kind: RecordKindName; apply: ApplyReceived }[] = entries.flatMap(([kind, entry]) =>
  entry.fromPeer && 'apply' in entry.fromPeer ? [{ kind, apply: entry.fromPeer.apply }] : [],
);

const byStixType = new Map<string, RecordKindName>();
for (const [kind, entry] of entries)
  for (const type of entry.stix?.types ?? []) {
    const other = byStixType.get(type);
    if (other) throw new Error(`STIX type ${type} is declared by both ${other} and ${kind}`);
    byStixType.set(type, kind);
  }

/** The kind of record a STIX object type stands for, if any. */
export const kindOfStixType = (type: string): RecordKindName | undefined => byStixType.get(type);

/**
 * The kind of the shared picture a STIX type stands for, if any: the kinds kept as replicas, which
 * are the kinds a bundle import writes and a recall names.
 */
export const replicatedKindOfType = (type: string): ReplicatedKind | undefined => {
  const kind = kindOfStixType(type);
  return kind !== undefined && REPLICATED.some((r) => r.kind === kind) ? (kind as ReplicatedKind) : undefined;
};

/** A kind's STIX form, if it has one. */
export const stixOf = (kind: RecordKindName): RecordKind['stix'] => (RECORD_KINDS[kind] as RecordKind).stix;

/** The replica entry of a kind kept as replicas, if it is one. */
export const replicaOf = (kind: string): Replica | undefined => REPLICATED.find((r) => r.kind === kind)?.replica;

type ActionsOf<K extends RecordKindName> = Registry[K] extends { actions: readonly (infer A)[] } ? A : never;
type Verb<A> = A extends `record.${infer V}` ? V : never;

/** What the actor may do now with a record of `kind`, for its presenter's `can`: one flag per action the kind offers. */
export function canOn<K extends RecordKindName>(kind: K, actor: UserActor, record: OwnedRecord): { [V in Verb<ActionsOf<K>>]: boolean } {
  const actions = (RECORD_KINDS[kind] as RecordKind).actions ?? [];
  return Object.fromEntries(actions.map((action) => [action.slice('record.'.length), canNow(actor, action, record)])) as {
    [V in Verb<ActionsOf<K>>]: boolean;
  };
}
