/**
 * What every kind received from a peer one object at a time shares: the object with its signed
 * label, its checked extension and id, and its publication here as its originator signed it (so
 * this node's readers and other peers are served it unchanged).
 */
import { publishedRow, stixObjectRepository } from '../../db/repositories/stix-object-repository';
import { STIX_UUID, uuidOfStixId } from '../stix/stix-vocab';
import { reject } from './rejected';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Label } from '../../../shared/labels/label';
import type { DB } from '../../db/schema';
import type { PeerRow } from './peer-service';

/**
 * The exercise a received alert or crisis room names, as its id. Only a record marked as an exercise
 * may name one; a reference that is not a STIX id of an exercise is refused.
 */
export function exerciseIdOf(record: { exercise: boolean; exercise_ref?: string | undefined }): string | null {
  if (record.exercise_ref === undefined) return null;
  const id = uuidOfStixId(record.exercise_ref);
  if (!record.exercise || !STIX_UUID.test(id))
    return reject(`exercise_ref ${record.exercise_ref} on a record that is not an exercise's, or not an id`);
  return id;
}

export interface Received {
  stixId: string;
  object: Record<string, unknown>;
  label: Label;
}

export function extension<T extends z.ZodType>(object: Record<string, unknown>, id: string, schema: T, what: string): z.infer<T> {
  const parsed = schema.safeParse((object.extensions as Record<string, unknown> | undefined)?.[id]);
  if (!parsed.success) return reject(`not a Concord ${what}: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  return parsed.data as z.infer<T>;
}

export function checkedUuidOf(stixRef: string): string {
  const id = uuidOfStixId(stixRef);
  return STIX_UUID.test(id) ? id : reject('the id is not type--UUID');
}

export async function publishAsReceived(
  db: Kysely<DB>,
  peer: PeerRow,
  kind: string,
  id: string,
  version: number,
  at: Date,
  received: Received,
) {
  await stixObjectRepository(db).insert([
    publishedRow({
      object: { ...received.object, type: String(received.object.type), id: received.stixId },
      kind,
      recordId: id,
      version,
      modified: new Date(String(received.object.modified ?? received.object.created)),
      dateAdded: at,
      originNode: peer.node_id,
      label: received.label,
    }),
  ]);
}
