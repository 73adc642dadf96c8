/**
 * What a kind of record declares about itself: its entry in the registry (registry.ts). Each
 * capability keeps its kinds' entries in its own folder (incidents/incident-kind.ts,
 * hotline/alert-kind.ts, …). The code that handles every kind — the publisher, federation apply,
 * the release queue and recall, the extension definitions, the property test's record makers —
 * iterates the registry and names no kind.
 *
 * Where a kind is stored (its table, the label columns, the column naming its parent) is the
 * database's side, db/record-tables.ts; the read rule takes the parent from
 * shared/vocab/record-kinds.ts. Both are keyed by the same kinds as the registry.
 */
import type { Insertable, Kysely } from 'kysely';
import type { z } from 'zod';
import type { Label } from '../../../shared/labels/label';
import type { Context } from '../../context';
import type { stixObjectRepository } from '../../db/repositories/stix-object-repository';
import type { DB } from '../../db/schema';
import type { Received } from '../federation/received';
import type { PeerRow } from '../federation/peer-service';
import type { RecordAction } from '../policy/policy';
import type { ReleasableRecords, ReleasableRow } from '../release/release-workflow';
import type { commonSchema } from '../stix/stix-records';
import { versionObjects } from '../stix/stix-versions';
import type { VersionForms, VersionObject } from '../stix/stix-versions';

/** A change record, as far as publishing needs it. */
export interface Change {
  record_id: string;
  version: number;
}

/** The records the change records name, each once. */
export const changedIds = (changes: readonly Change[]): string[] => [...new Set(changes.map((c) => c.record_id))];

/** The published objects of a kind's changed versions, each with its version's label. */
export type Publish = (objects: ReturnType<typeof stixObjectRepository>, changes: Change[]) => Promise<VersionObject[]>;

/** The common part of a received STIX object, checked (stix-records.ts). */
export type CommonObject = z.infer<typeof commonSchema>;

/** A received version's history row (the label columns with its number, change and author). */
export type VersionRow = Insertable<DB['incident_versions']>;

/**
 * A kind whose partners' records are kept here as replicas (the shared picture): a page's versions
 * are checked, planned and written together, with few statements (federation/apply.ts).
 */
export interface Replica<E = unknown> {
  /** Its Concord extension, as the originator signs it. */
  schema: z.ZodType<E & { version: number; proposed_label?: unknown }>;
  /** The row a received version becomes. */
  row(id: string, object: CommonObject, extension: E, label: Label, author: string, proposed: unknown): object;
  /** The parts under a stricter label than the record's, which readers outside it are served without. */
  withheld?(extension: E): readonly string[];
  /** Writes the newest received rows; `isNew`: the row is not here yet. */
  write(db: Kysely<DB>, rows: object[], isNew: (row: object) => boolean): Promise<void>;
  /** Adds received versions to the history; one already here is kept. */
  writeVersions(db: Kysely<DB>, versions: VersionRow[]): Promise<void>;
}

/** A kind received from a peer one object at a time, after the page's replicas; true when it changed something. */
export type ApplyReceived = (ctx: Context, db: Kysely<DB>, peer: PeerRow, received: Received, dateAdded: Date) => Promise<boolean>;

export interface RecordKind {
  /**
   * Its STIX form: the object types it is published as and received from, its Concord extension
   * and that extension's public definition (stix/stix-definitions.ts). The mapping both ways lives
   * beside the entry (incidents/incident-stix.ts, hotline/hotline-stix.ts, …).
   */
  stix?: {
    types: readonly string[];
    extension: string;
    definition: { name: string; description: string; type: 'property-extension' | 'new-sdo' };
  };
  /** Published to TAXII readers and to peers. */
  publish?: Publish;
  /**
   * Received from a peer: kept as a replica and written with the page's records, or applied after
   * them one by one. Kinds are applied in registry order, so a parent comes before its children.
   */
  fromPeer?: { replica: Replica } | { apply: ApplyReceived };
  /** The actions its records offer (domain/policy/policy.ts decides each); presenters' `can` lists them (`canOn`). */
  actions?: readonly RecordAction[];
  /** The release workflow (drafts, an officer's release, recall), and the path of its collection in the API. */
  release?: { records: ReleasableRecords<ReleasableRow>; collection: string };
}

/**
 * How a versioned kind of the shared picture publishes: its changed records' rows, each as its
 * version's objects (the record's own and its companions, stix-versions.ts).
 */
export const publishVersions =
  <Row extends Parameters<typeof versionObjects>[1]>(
    kind: string,
    rowsOf: (objects: Parameters<Publish>[0], ids: string[]) => Promise<Row[]>,
    forms: VersionForms<Row>,
  ): Publish =>
  async (objects, changes) =>
    (await rowsOf(objects, changedIds(changes))).flatMap((row) => versionObjects(kind, row, forms));

/** A replica entry, typed by its extension's schema. */
export const replica = <E>(r: Replica<E>): Replica => r as unknown as Replica;

/** Release workflow storage, typed by its row. */
export const releasable = <Row extends ReleasableRow>(records: ReleasableRecords<Row>, collection: string) => ({
  records: records as unknown as ReleasableRecords<ReleasableRow>,
  collection,
});
