/**
 * How each kind of record is published: from the ids its change records name, the objects of the
 * versions to publish, each with its version's label. The publisher (publisher.ts) takes every
 * kind from here; a kind published to TAXII and to peers is one entry.
 */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { alertObject, alertResponseObject, deskLabel, deskObject } from '../stix/stix-hotline';
import { crisisEntryObject, crisisObject } from '../stix/stix-crisis';
import { versionObjects } from '../stix/stix-versions';
import type { stixObjectRepository } from '../../db/repositories/stix-object-repository';
import type { VersionObject as Published } from '../stix/stix-versions';

type Objects = ReturnType<typeof stixObjectRepository>;
/** A change record, as far as publishing needs it. */
export interface Change {
  record_id: string;
  version: number;
}

const idsOf = (changes: Change[]) => [...new Set(changes.map((c) => c.record_id))];

/** Each published kind: the objects to publish for its changes. */
export const PUBLICATIONS = {
  incident: async (objects: Objects, changes: Change[]) =>
    (await objects.incidents(idsOf(changes))).flatMap((row) => versionObjects({ kind: 'incident', row })),
  actor: async (objects: Objects, changes: Change[]) =>
    (await objects.actors(idsOf(changes))).flatMap((row) => versionObjects({ kind: 'actor', row })),
  indicator: async (objects: Objects, changes: Change[]) =>
    (await objects.indicators(idsOf(changes))).flatMap((row) => versionObjects({ kind: 'indicator', row })),
  desk: async (objects: Objects, changes: Change[]): Promise<Published[]> => {
    const desks = await objects.ownDesks(idsOf(changes));
    const nations = desks.length > 0 ? await objects.nations() : [];
    return desks.map((row) => {
      const label = deskLabel(row, row.org_id, nations);
      const modified = row.updated_at ?? row.created_at;
      return { kind: 'desk', id: row.id, version: row.version, modified, label, object: deskObject(row, label) };
    });
  },
  alert: async (objects: Objects, changes: Change[]): Promise<Published[]> => {
    const alerts = await objects.alerts(idsOf(changes));
    const targets = await objects.alertTargetDesks(alerts.map((a) => a.id));
    return alerts.map((row) => {
      const label = labelFromColumns(row);
      const deskIds = targets.filter((t) => t.alert_id === row.id).map((t) => t.desk_id);
      return { kind: 'alert', id: row.id, version: row.version, modified: row.raised_at, label, object: alertObject(row, deskIds, label) };
    });
  },
  'alert-response': async (objects: Objects, changes: Change[]): Promise<Published[]> =>
    (await objects.alertResponses(idsOf(changes))).map((row) => {
      const label = labelFromColumns(row);
      return { kind: 'alert-response', id: row.id, version: 1, modified: row.responded_at, label, object: alertResponseObject(row, label) };
    }),
  crisis: async (objects: Objects, changes: Change[]): Promise<Published[]> =>
    (await objects.ownCrises(idsOf(changes))).map((row) => {
      const label = labelFromColumns(row);
      const modified = row.closed_at ?? row.declared_at;
      return { kind: 'crisis', id: row.id, version: row.version, modified, label, object: crisisObject(row, label) };
    }),
  // An entry is published once, as written; its moves travel as update entries of their own.
  'crisis-entry': async (objects: Objects, changes: Change[]): Promise<Published[]> =>
    (await objects.crisisEntries(idsOf(changes.filter((c) => c.version === 1)))).map((row) => {
      const label = labelFromColumns(row);
      const object = crisisEntryObject(row, row.offer_requester, label);
      return { kind: 'crisis-entry', id: row.id, version: 1, modified: row.entered_at, label, object };
    }),
} satisfies Record<string, (objects: Objects, changes: Change[]) => Promise<Published[]>>;

export type PublishedKind = keyof typeof PUBLICATIONS;
/** The kinds published. */
export const PUBLISHED_KINDS = Object.keys(PUBLICATIONS) as PublishedKind[];
