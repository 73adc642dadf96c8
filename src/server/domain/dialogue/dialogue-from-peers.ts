/**
 * How a peer's meetings and what hangs on them are received (each kind applied one object at a time,
 * in registry order: meetings before their answers, delegations and agenda, items before their
 * minutes). A meeting is its host's, run by the host's node: only that node changes it. An answer
 * or a delegation is a participant's own; the agenda and its minutes are the host's. Records arrive
 * in any order — a participant's answer may reach a third node before the meeting does — so a
 * child whose meeting is not here yet is kept (it is read by no one until the meeting arrives: it is
 * read through it), and whoever wrote it is checked again wherever it is read (meeting-repository.ts).
 * Each version is applied once; an older or the same version only joins the published history.
 */
import { labelToColumns } from '../../../shared/labels/label-columns';
import { isTimeZone } from '../../../shared/time/time-zone';
import { changeRepository } from '../../db/repositories/change-repository';
import { meetingRepository } from '../../db/repositories/meeting-repository';
import { stixObjectRepository } from '../../db/repositories/stix-object-repository';
import { EXTENSIONS } from '../stix/stix-vocab';
import { checkedUuidOf, extension, publishAsReceived } from '../federation/received';
import { reject } from '../federation/rejected';
import { ensureRemoteAuthors, remoteAuthorId } from '../federation/remote-authors';
import {
  agendaItemExtensionSchema,
  delegationExtensionSchema,
  meetingAnswerExtensionSchema,
  meetingExtensionSchema,
  minutesExtensionSchema,
} from './dialogue-stix';
import type { Kysely } from 'kysely';
import type { Context } from '../../context';
import type { DB } from '../../db/schema';
import type { Received } from '../federation/received';
import type { PeerRow } from '../federation/peer-service';
import type { LabelledKind } from '../../../shared/vocab/record-kinds';

/** The kinds received one object at a time that these helpers record (dialogue's, and training's). */
type Kind = Exclude<LabelledKind, 'note' | 'incident' | 'actor' | 'indicator' | 'alert' | 'alert-response' | 'crisis' | 'crisis-entry'>;

/** When the object says it was changed; its creation when that is not a time. */
export function modifiedOf(object: Received, created: string): Date {
  const modified = new Date(String(object.object.modified));
  return Number.isNaN(modified.getTime()) ? new Date(created) : modified;
}

/** Records a received version as a change here and publishes it as its originator signed it. */
export async function received(
  ctx: Context,
  db: Kysely<DB>,
  peer: PeerRow,
  kind: Kind,
  id: string,
  version: number,
  at: Date,
  object: Received,
) {
  await changeRepository(db).record([{ at: ctx.clock.now(), record_kind: kind, record_id: id, version, change: 'federation' }]);
  await publishAsReceived(db, peer, kind, id, version, at, object);
  return true;
}

/** An older or the same version of a record held here: it only joins the published history. */
export async function olderVersion(db: Kysely<DB>, peer: PeerRow, kind: Kind, id: string, version: number, at: Date, object: Received) {
  if (await stixObjectRepository(db).has(object.stixId, version)) return false;
  await publishAsReceived(db, peer, kind, id, version, at, object);
  return true;
}

export async function applyMeeting(ctx: Context, db: Kysely<DB>, peer: PeerRow, object: Received, dateAdded: Date): Promise<boolean> {
  const meeting = extension(object.object, EXTENSIONS.meeting, meetingExtensionSchema, 'meeting');
  const id = checkedUuidOf(object.stixId);
  if (!meeting.participants.includes(peer.nation)) return reject(`meeting ${id}: its host ${peer.nation} is not among its participants`);
  if (new Date(meeting.ends_at) <= new Date(meeting.starts_at)) return reject(`meeting ${id} ends before it starts`);
  if (!isTimeZone(meeting.time_zone)) return reject(`meeting ${id}: ${meeting.time_zone} is not a time zone`);
  const repo = meetingRepository(db);
  const here = await repo.forUpdate(id);
  if (here && (here.originator_nation !== peer.nation || here.home_node !== peer.node_id))
    return reject(`meeting ${id} is run by another node`);
  if (here && here.version >= meeting.version) return olderVersion(db, peer, 'meeting', id, meeting.version, dateAdded, object);
  await ensureRemoteAuthors(db, [object.label.originator.org]);
  const columns = {
    version: meeting.version,
    title: meeting.title,
    kind: meeting.kind,
    summary: meeting.summary,
    venue: JSON.stringify(meeting.venue),
    time_zone: meeting.time_zone,
    starts_at: new Date(meeting.starts_at),
    ends_at: new Date(meeting.ends_at),
    participants: [...new Set(meeting.participants)].sort(),
    answer_by: meeting.answer_by ? new Date(meeting.answer_by) : null,
    status: meeting.status,
    updated_at: modifiedOf(object, meeting.created_at),
    ...labelToColumns(object.label),
  };
  if (here) await repo.update(id, columns);
  else
    await repo.insert({
      id,
      ...columns,
      home_node: peer.node_id,
      created_by: remoteAuthorId(object.label.originator.org),
      created_at: new Date(meeting.created_at),
    });
  return received(ctx, db, peer, 'meeting', id, meeting.version, dateAdded, object);
}

export interface Child {
  kind: 'meeting-answer' | 'delegation' | 'agenda-item' | 'minutes' | 'agenda-attachment' | 'commitment' | 'commitment-report';
  meetingId: string;
  version: number;
  /** Who may write it: a participant, or the node running the meeting. */
  writer: 'participant' | 'host';
  /** Another record held here in its place (one answer per nation and meeting, one set of minutes per item), if any: asked once the meeting is locked. */
  other?: () => Promise<{ id: string } | undefined>;
  /** Writes the received version: a new record, or a newer version of one held here; `author` stands for its writer here. */
  write(repo: ReturnType<typeof meetingRepository>, isNew: boolean, author: string): Promise<void>;
}

/**
 * What every record hanging on a meeting shares when received: a version newer than the one held
 * here (which must be the same nation's, of the same meeting), and — when the meeting is here — a
 * writer allowed to write it.
 */
export async function applyChild(
  ctx: Context,
  db: Kysely<DB>,
  peer: PeerRow,
  object: Received,
  dateAdded: Date,
  child: Child,
): Promise<boolean> {
  const { kind, meetingId, version, writer } = child;
  const id = checkedUuidOf(object.stixId);
  const repo = meetingRepository(db);
  const meeting = await repo.forUpdate(meetingId);
  if (meeting && !(writer === 'host' ? meeting.home_node === peer.node_id : meeting.participants.includes(peer.nation)))
    return reject(
      writer === 'host'
        ? `${kind} ${id}: only the node running meeting ${meetingId} writes its agenda, minutes and commitments`
        : `${kind} ${id}: ${peer.nation} does not take part in meeting ${meetingId}`,
    );
  const other = await child.other?.();
  if (other && other.id !== id) return reject(`${kind} ${id}: another one is held in its place, ${other.id}`);
  const here = await repo.heldForUpdate(kind, id);
  if (here && (here.originator_nation !== peer.nation || here.meeting_id !== meetingId))
    return reject(`${kind} ${id} belongs to another record`);
  if (here && here.version >= version) return olderVersion(db, peer, kind, id, version, dateAdded, object);
  await ensureRemoteAuthors(db, [object.label.originator.org]);
  await child.write(repo, !here, remoteAuthorId(object.label.originator.org));
  return received(ctx, db, peer, kind, id, version, dateAdded, object);
}

export async function applyMeetingAnswer(ctx: Context, db: Kysely<DB>, peer: PeerRow, object: Received, dateAdded: Date): Promise<boolean> {
  const answer = extension(object.object, EXTENSIONS.meetingAnswer, meetingAnswerExtensionSchema, 'invitation answer');
  const id = checkedUuidOf(object.stixId);
  const meetingId = checkedUuidOf(answer.meeting_ref);
  return applyChild(ctx, db, peer, object, dateAdded, {
    kind: 'meeting-answer',
    meetingId,
    version: answer.version,
    writer: 'participant',
    other: () => meetingRepository(db).answerOf(meetingId, peer.nation),
    write: async (repo, isNew, author) => {
      const row = {
        version: answer.version,
        answer: answer.answer,
        note: answer.note,
        answered_by: author,
        answered_at: new Date(answer.answered_at),
        ...labelToColumns(object.label),
      };
      if (isNew) await repo.insertAnswer({ id, meeting_id: meetingId, ...row });
      else await repo.updateAnswer(id, row);
    },
  });
}

export async function applyDelegation(ctx: Context, db: Kysely<DB>, peer: PeerRow, object: Received, dateAdded: Date): Promise<boolean> {
  const delegation = extension(object.object, EXTENSIONS.delegation, delegationExtensionSchema, 'delegation');
  const id = checkedUuidOf(object.stixId);
  const meetingId = checkedUuidOf(delegation.meeting_ref);
  return applyChild(ctx, db, peer, object, dateAdded, {
    kind: 'delegation',
    meetingId,
    version: delegation.version,
    writer: 'participant',
    other: () => meetingRepository(db).delegationOf(meetingId, peer.nation),
    write: async (repo, isNew, author) => {
      const row = {
        version: delegation.version,
        head: JSON.stringify(delegation.head),
        members: JSON.stringify(delegation.members),
        updated_by: author,
        updated_at: new Date(delegation.updated_at),
        ...labelToColumns(object.label),
      };
      if (isNew) await repo.insertDelegation({ id, meeting_id: meetingId, ...row });
      else await repo.updateDelegation(id, row);
    },
  });
}

export async function applyAgendaItem(ctx: Context, db: Kysely<DB>, peer: PeerRow, object: Received, dateAdded: Date): Promise<boolean> {
  const item = extension(object.object, EXTENSIONS.agendaItem, agendaItemExtensionSchema, 'agenda item');
  const id = checkedUuidOf(object.stixId);
  const meetingId = checkedUuidOf(item.meeting_ref);
  if (!(await meetingRepository(db).nationKnown(item.owner_nation))) return reject(`agenda item: no nation ${item.owner_nation} here`);
  return applyChild(ctx, db, peer, object, dateAdded, {
    kind: 'agenda-item',
    meetingId,
    version: item.version,
    writer: 'host',
    write: async (repo, isNew, author) => {
      const row = {
        version: item.version,
        position: item.position,
        title: item.title,
        description: item.description,
        owner_nation: item.owner_nation,
        slot_start: item.slot_start ? new Date(item.slot_start) : null,
        slot_end: item.slot_end ? new Date(item.slot_end) : null,
        updated_by: author,
        updated_at: new Date(item.updated_at),
        ...labelToColumns(object.label),
      };
      if (isNew) await repo.insertItem({ id, meeting_id: meetingId, ...row });
      else await repo.updateItem(id, row);
    },
  });
}

export async function applyMinutes(ctx: Context, db: Kysely<DB>, peer: PeerRow, object: Received, dateAdded: Date): Promise<boolean> {
  const minutes = extension(object.object, EXTENSIONS.minutes, minutesExtensionSchema, 'minutes');
  const id = checkedUuidOf(object.stixId);
  const meetingId = checkedUuidOf(minutes.meeting_ref);
  const itemId = checkedUuidOf(minutes.agenda_item_ref);
  // Minutes are the item's writer's, of the item's meeting: checked whenever the item is here.
  const item = await meetingRepository(db).itemOwner(itemId);
  if (item && (item.meeting_id !== meetingId || item.originator_nation !== peer.nation))
    return reject(`minutes ${checkedUuidOf(object.stixId)}: agenda item ${itemId} is another meeting’s or another nation’s`);
  return applyChild(ctx, db, peer, object, dateAdded, {
    kind: 'minutes',
    meetingId,
    version: minutes.version,
    writer: 'host',
    other: () => meetingRepository(db).minutesOfItem(itemId, peer.nation),
    write: async (repo, isNew, author) => {
      const row = {
        version: minutes.version,
        text: minutes.text,
        status: minutes.status,
        updated_by: author,
        updated_at: new Date(minutes.updated_at),
        ...labelToColumns(object.label),
      };
      if (isNew) await repo.insertMinutes({ id, agenda_item_id: itemId, meeting_id: meetingId, ...row });
      else await repo.updateMinutes(id, row);
    },
  });
}
