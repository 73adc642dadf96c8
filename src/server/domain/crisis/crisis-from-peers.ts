/**
 * Crisis rooms received from a peer (crisis-stix.ts). A partner's crisis is known here with the node that
 * runs it and follows its versions (declared, closed). Entries come from every participant's node,
 * each from its writer's, in no fixed order: an entry whose crisis is not here yet waits unseen
 * (entries are read through their crisis), and a request, offer or task is replayed from all its
 * moves whenever it or one of its moves arrives (entry-replay.ts), so every node converges.
 */
import { releasedNations } from '../../../shared/labels/field-labels';
import { userRepository } from '../../db/repositories/user-repository';
import { labelFromColumns, labelToColumns } from '../../../shared/labels/label-columns';
import { loadLabelDirectory } from '../directory/directory-service';
import { changeRepository } from '../../db/repositories/change-repository';
import { crisisRepository } from '../../db/repositories/crisis-repository';
import { INITIAL_STATE } from './entry-lifecycle';
import { replayMoves } from './entry-replay';
import { stixObjectRepository } from '../../db/repositories/stix-object-repository';
import { ENTRY_CONTENT_SCHEMAS, crisisEntryExtensionSchema, crisisExtensionSchema } from './crisis-stix';
import { EXTENSIONS } from '../stix/stix-vocab';
import { checkedUuidOf, exerciseIdOf, extension, publishAsReceived } from '../federation/received';
import { reject } from '../federation/rejected';
import { ensureRemoteAuthors, remoteAuthorId } from '../federation/remote-authors';
import type { Kysely } from 'kysely';
import type { Context } from '../../context';
import type { DB } from '../../db/schema';
import type { Received } from '../federation/received';
import type { PeerRow } from '../federation/peer-service';
import type { MovableKind } from './entry-lifecycle';

const nullableRef = (ref: string | null) => (ref === null ? null : checkedUuidOf(ref));

export async function applyCrisis(ctx: Context, db: Kysely<DB>, peer: PeerRow, received: Received, dateAdded: Date): Promise<boolean> {
  const crisis = extension(received.object, EXTENSIONS.crisis, crisisExtensionSchema, 'crisis');
  const id = checkedUuidOf(received.stixId);
  const repo = crisisRepository(db);
  const here = await repo.lock(id);
  if (here && (here.originator_nation !== peer.nation || here.home_node !== peer.node_id))
    return reject(`crisis ${id} is run by another node`);
  if (here && here.version >= crisis.version) {
    // An older or the same version: it only joins the published history.
    if (await stixObjectRepository(db).has(received.stixId, crisis.version)) return false;
    await publishAsReceived(db, peer, 'crisis', id, crisis.version, dateAdded, received);
    return true;
  }
  const author = remoteAuthorId(received.label.originator.org);
  await ensureRemoteAuthors(db, [received.label.originator.org]);
  const columns = {
    version: crisis.version,
    title: crisis.title,
    summary: crisis.summary,
    exercise: crisis.exercise,
    exercise_id: exerciseIdOf(crisis),
    status: crisis.status,
    alert_id: nullableRef(crisis.alert_ref),
    closed_by: crisis.closed_at ? author : null,
    closed_at: crisis.closed_at ? new Date(crisis.closed_at) : null,
    closing_summary: crisis.closing_summary,
    lessons: crisis.lessons,
    ...labelToColumns(received.label),
  };
  if (here) await repo.update(id, columns);
  else await repo.insert({ id, ...columns, declared_by: author, declared_at: new Date(crisis.declared_at), home_node: peer.node_id });
  await changeRepository(db).record([
    { at: ctx.clock.now(), record_kind: 'crisis', record_id: id, version: crisis.version, change: 'federation' },
  ]);
  await publishAsReceived(db, peer, 'crisis', id, crisis.version, dateAdded, received);
  return true;
}

export async function applyCrisisEntry(ctx: Context, db: Kysely<DB>, peer: PeerRow, received: Received, dateAdded: Date): Promise<boolean> {
  const entry = extension(received.object, EXTENSIONS.crisisEntry, crisisEntryExtensionSchema, 'crisis entry');
  const id = checkedUuidOf(received.stixId);
  const content = ENTRY_CONTENT_SCHEMAS[entry.kind].safeParse(entry.content);
  if (!content.success)
    return reject(`not a Concord ${entry.kind} entry: ${content.error.issues[0]?.path.join('.')} ${content.error.issues[0]?.message}`);
  const subjectId = nullableRef(entry.subject_ref);
  if ((entry.kind === 'update') !== (subjectId !== null)) return reject('an update entry, and only one, names the entry it moves');
  if (entry.kind === 'task' && (!entry.owner_nation || !entry.deadline)) return reject('a task without its owner nation or deadline');
  const repo = crisisRepository(db);
  const crisisId = checkedUuidOf(entry.crisis_ref);
  // Only a participant writes in a crisis (checked when the crisis is here; until then its entries are not read).
  const crisis = await repo.labelOf(crisisId);
  if (crisis && !releasedNations(labelFromColumns(crisis), (await loadLabelDirectory(db, [])).communities).has(peer.nation))
    return reject(`${peer.nation} does not take part in crisis ${crisisId}`);
  const here = await repo.entryOriginator(id);
  if (here !== undefined) return here === peer.nation ? false : reject(`crisis entry ${id} belongs to another originator`);
  const author = remoteAuthorId(received.label.originator.org);
  await ensureRemoteAuthors(db, [received.label.originator.org]);
  // The owner a task names is a person of the owner's node; known here only if that is this node.
  const owner = entry.owner_user && (await userRepository(db).exists(entry.owner_user)) ? { id: entry.owner_user } : undefined;
  const enteredAt = new Date(entry.entered_at);
  await repo.insertEntry({
    id,
    crisis_id: crisisId,
    version: 1,
    kind: entry.kind,
    content: JSON.stringify(content.data),
    entry_state: INITIAL_STATE[entry.kind as MovableKind] ?? null,
    subject_id: subjectId,
    request_id: nullableRef(entry.request_ref),
    requester_nation: entry.kind === 'offer' ? entry.requester_nation : null,
    owner_nation: entry.kind === 'task' ? entry.owner_nation : null,
    owner_user: owner?.id ?? null,
    deadline: entry.deadline ? new Date(entry.deadline) : null,
    entered_by: author,
    entered_at: enteredAt,
    updated_at: enteredAt,
    ...labelToColumns(received.label),
  });
  const now = ctx.clock.now();
  const changes = [{ at: now, record_kind: 'crisis-entry', record_id: id, version: 1, change: 'federation' }];
  // The entry may have moves here already, or be a move of an entry here: replay that entry.
  const moved = subjectId ?? id;
  const version = await replayMoves(db, moved);
  if (version !== null) changes.push({ at: now, record_kind: 'crisis-entry', record_id: moved, version, change: 'federation' });
  await changeRepository(db).record(changes);
  await publishAsReceived(db, peer, 'crisis-entry', id, 1, dateAdded, received);
  return true;
}
