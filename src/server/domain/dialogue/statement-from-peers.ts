/**
 * How a peer's joint statements and nations' words on them are received (after meetings, in
 * registry order). A statement is its meeting's host's, run by the host's node: only that node
 * changes it, and an adopted text must carry a document that verifies, signed by that node. A
 * nation's word is that nation's, from its own node: every position and word in it must be signed
 * by the node that sent it, over exactly what it says. Records arrive in any order — a nation's
 * word may reach a third node before the statement does — so one whose statement is not here yet is
 * kept (read by no one until the statement arrives: it is read through it), and whoever wrote it is
 * checked again wherever it is read (statement-repository.ts).
 */
import { labelToColumns } from '../../../shared/labels/label-columns';
import { meetingRepository } from '../../db/repositories/meeting-repository';
import { statementRepository } from '../../db/repositories/statement-repository';
import { EXTENSIONS } from '../stix/stix-vocab';
import { checkedUuidOf, extension } from '../federation/received';
import { reject } from '../federation/rejected';
import { ensureRemoteAuthors, remoteAuthorId } from '../federation/remote-authors';
import { modifiedOf, olderVersion, received } from './dialogue-from-peers';
import { entrySignatureHolds, translationSignatureHolds, verifyStatementDocument } from './statement-document';
import { statementExtensionSchema, statementPositionExtensionSchema } from './statement-stix';
import type { Kysely } from 'kysely';
import type { Context } from '../../context';
import type { DB } from '../../db/schema';
import type { Received } from '../federation/received';
import type { PeerRow } from '../federation/peer-service';

export async function applyStatement(ctx: Context, db: Kysely<DB>, peer: PeerRow, object: Received, dateAdded: Date): Promise<boolean> {
  const statement = extension(object.object, EXTENSIONS.statement, statementExtensionSchema, 'statement');
  const id = checkedUuidOf(object.stixId);
  const meetingId = checkedUuidOf(statement.meeting_ref);
  if (new Set(statement.clauses.map((c) => c.id)).size !== statement.clauses.length) return reject(`statement ${id}: a clause twice`);
  if (!statement.participants.includes(peer.nation))
    return reject(`statement ${id}: its host ${peer.nation} is not among its participants`);
  if (statement.adopted && [...statement.adopted.statement.participants].sort().join() !== [...statement.participants].sort().join())
    return reject(`statement ${id}: its adopted document names other participants than the statement`);
  if (statement.adopted) {
    const check = verifyStatementDocument(statement.adopted);
    if (!check.ok) return reject(`statement ${id}: its adopted document does not verify (${check.problems[0] ?? ''})`);
    if (statement.adopted.statement.id !== id || statement.adopted.host.node !== peer.node_id)
      return reject(`statement ${id}: its adopted document is another statement’s or another node’s`);
  }
  for (const t of statement.translations)
    if (t.signer.node !== peer.node_id || !translationSignatureHolds(id, t) || t.of !== statement.adopted?.digest)
      return reject(`statement ${id}: its ${t.language} translation is not signed by the node that sent it, or translates another text`);
  const meeting = await meetingRepository(db).forUpdate(meetingId);
  if (meeting && meeting.home_node !== peer.node_id)
    return reject(`statement ${id}: only the node running meeting ${meetingId} writes its statements`);
  if (meeting && statement.participants.some((n) => !meeting.participants.includes(n)))
    return reject(`statement ${id}: its participants are not all the meeting's`);
  const repo = statementRepository(db);
  const here = await repo.heldForUpdate(id);
  if (here && (here.originator_nation !== peer.nation || here.home_node !== peer.node_id || here.meeting_id !== meetingId))
    return reject(`statement ${id} is run by another node`);
  if (here && here.participants.length > 0 && [...here.participants].sort().join() !== [...statement.participants].sort().join())
    return reject(`statement ${id}: its participants are fixed when it is drafted`);
  if (here && here.version >= statement.version) return olderVersion(db, peer, 'statement', id, statement.version, dateAdded, object);
  await ensureRemoteAuthors(db, [object.label.originator.org]);
  const columns = {
    version: statement.version,
    title: statement.title,
    preamble: statement.preamble,
    clauses: JSON.stringify(statement.clauses),
    text_version: statement.text_version,
    status: statement.status,
    silence: statement.silence ? JSON.stringify(statement.silence) : null,
    procedure: JSON.stringify(statement.procedure),
    decisions: JSON.stringify(statement.decisions),
    adopted: statement.adopted ? JSON.stringify(statement.adopted) : null,
    adopted_at: statement.adopted ? new Date(statement.adopted.statement.adoptedAt) : null,
    language: statement.language,
    participants: [...new Set(statement.participants)].sort(),
    minutes_of: statement.minutes_of ? JSON.stringify(statement.minutes_of) : null,
    // When this node learnt of the silence: now, unless it already knew of this one.
    silence_seen_at: statement.silence
      ? here?.silence?.until === statement.silence.until &&
        here.silence.startedAt === statement.silence.startedAt &&
        here.silence.ofVersion === statement.silence.ofVersion &&
        here.silence_seen_at
        ? new Date(here.silence_seen_at)
        : ctx.clock.now()
      : null,
    translations: JSON.stringify(statement.translations),
    // Released publicly by its host: served without sign-in by the host's node, not this one.
    public_at: statement.public_at ? new Date(statement.public_at) : null,
    updated_at: modifiedOf(object, statement.updated_at),
    ...labelToColumns(object.label),
  };
  if (here) await repo.update(id, columns);
  else
    await repo.insert({
      id,
      meeting_id: meetingId,
      home_node: peer.node_id,
      created_by: remoteAuthorId(object.label.originator.org),
      created_at: new Date(statement.created_at),
      ...columns,
    });
  return received(ctx, db, peer, 'statement', id, statement.version, dateAdded, object);
}

export async function applyStatementPosition(
  ctx: Context,
  db: Kysely<DB>,
  peer: PeerRow,
  object: Received,
  dateAdded: Date,
): Promise<boolean> {
  const word = extension(object.object, EXTENSIONS.statementPosition, statementPositionExtensionSchema, 'statement position');
  const id = checkedUuidOf(object.stixId);
  const statementId = checkedUuidOf(word.statement_ref);
  const meetingId = checkedUuidOf(word.meeting_ref);
  for (const entry of word.entries) {
    if (entry.type !== 'position' && entry.type !== 'word') continue;
    if (entry.signer.node !== peer.node_id)
      return reject(`statement position ${id}: a ${entry.type} signed by node ${entry.signer.node}, not by the node that sent it`);
    if (!entrySignatureHolds(statementId, peer.nation, entry))
      return reject(`statement position ${id}: the signature on a ${entry.type} does not hold`);
  }
  const repo = statementRepository(db);
  const statement = await repo.heldForUpdate(statementId);
  if (statement && statement.meeting_id !== meetingId)
    return reject(`statement position ${id}: statement ${statementId} is another meeting’s`);
  const meeting = await meetingRepository(db).forUpdate(meetingId);
  // Its statement's participants when the statement is here (fixed when drafted), else the meeting's.
  const participants = statement && statement.participants.length > 0 ? statement.participants : meeting?.participants;
  if (participants && !participants.includes(peer.nation))
    return reject(`statement position ${id}: ${peer.nation} does not take part in statement ${statementId}`);
  const other = await repo.positionOf(statementId, peer.nation);
  if (other && other.id !== id) return reject(`statement position ${id}: another one is held in its place, ${other.id}`);
  const here = await repo.positionHeldForUpdate(id);
  if (here && (here.originator_nation !== peer.nation || here.statement_id !== statementId))
    return reject(`statement position ${id} belongs to another record`);
  if (here && here.version >= word.version) return olderVersion(db, peer, 'statement-position', id, word.version, dateAdded, object);
  await ensureRemoteAuthors(db, [object.label.originator.org]);
  const row = {
    version: word.version,
    entries: JSON.stringify(word.entries),
    updated_by: remoteAuthorId(object.label.originator.org),
    updated_at: new Date(word.updated_at),
    ...labelToColumns(object.label),
  };
  if (here) await repo.updatePosition(id, row);
  else await repo.insertPosition({ id, statement_id: statementId, meeting_id: meetingId, ...row });
  return received(ctx, db, peer, 'statement-position', id, word.version, dateAdded, object);
}
