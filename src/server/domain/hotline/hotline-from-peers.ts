/**
 * The hotline's kinds received from a peer (hotline-stix.ts): a partner's desks become known here, run by its
 * node; its alerts start the escalation of this node's target desks; its desks' answers close the
 * wait of the alerts this node raised. Each is idempotent, and refuses what its sender could not
 * have originated: another node's desk, an answer for a desk its sender does not run.
 */
import { labelToColumns } from '../../../shared/labels/label-columns';
import { alertRepository } from '../../db/repositories/alert-repository';
import { changeRepository } from '../../db/repositories/change-repository';
import { deskRepository } from '../../db/repositories/desk-repository';
import { recordPartnerAnswer, startTargets } from './alert-service';
import { alertExtensionSchema, alertResponseExtensionSchema, deskExtensionSchema } from './hotline-stix';
import { EXTENSIONS, STIX_UUID, uuidOfStixId } from '../stix/stix-vocab';
import { checkedUuidOf, exerciseIdOf, extension, publishAsReceived } from '../federation/received';
import { reject } from '../federation/rejected';
import { ensureRemoteAuthors, remoteAuthorId } from '../federation/remote-authors';
import type { Kysely } from 'kysely';
import type { Context } from '../../context';
import type { DB } from '../../db/schema';
import type { PeerRow } from '../federation/peer-service';
import type { Received } from '../federation/received';

export async function applyDesk(db: Kysely<DB>, peer: PeerRow, received: Received, dateAdded: Date): Promise<boolean> {
  const desk = extension(received.object, EXTENSIONS.desk, deskExtensionSchema, 'desk');
  const id = checkedUuidOf(received.stixId);
  if (desk.nation !== peer.nation) return reject(`a desk of ${desk.nation}: a node only sends its own nation's desks`);
  const desks = deskRepository(db);
  const here = await desks.find(id);
  const version = desk.version ?? 1;
  if (here) {
    if (here.home_node !== peer.node_id) return reject(`desk ${id} is run by another node`);
    // A later version carries new contacts; an older or repeated one changes nothing.
    if (version <= here.version) return false;
    await desks.receiveContacts(id, desk.contacts ?? [], version, new Date(String(received.object.modified)));
    await publishAsReceived(db, peer, 'desk', id, version, dateAdded, received);
    return true;
  }
  if (await desks.findByName(desk.nation, desk.name)) return reject(`${desk.nation} already has a desk named "${desk.name}" here`);
  await ensureRemoteAuthors(db, [received.label.originator.org]);
  await desks.insert({
    id,
    nation: desk.nation,
    name: desk.name,
    created_by: remoteAuthorId(received.label.originator.org),
    created_at: new Date(String(received.object.created)),
    home_node: peer.node_id,
    contacts: JSON.stringify(desk.contacts ?? []),
    version,
  });
  await publishAsReceived(db, peer, 'desk', id, version, dateAdded, received);
  return true;
}

export async function applyAlert(ctx: Context, db: Kysely<DB>, peer: PeerRow, received: Received, dateAdded: Date): Promise<boolean> {
  const alert = extension(received.object, EXTENSIONS.alert, alertExtensionSchema, 'alert');
  const id = checkedUuidOf(received.stixId);
  const alerts = alertRepository(db);
  const here = await alerts.find(id);
  if (here) return here.originator_nation === peer.nation ? false : reject(`alert ${id} belongs to another originator`);
  await ensureRemoteAuthors(db, [received.label.originator.org]);
  const row = {
    id,
    version: alert.version,
    severity: alert.severity,
    summary: alert.summary,
    details: alert.details,
    exercise: alert.exercise,
    exercise_id: exerciseIdOf(alert),
    raised_by: remoteAuthorId(received.label.originator.org),
    raised_at: new Date(alert.raised_at),
    ...labelToColumns(received.label),
  };
  await alerts.insert(row);
  // The target desks known here: this node's own escalate now; a third nation's are listed only.
  const desks = await deskRepository(db).findMany(alert.target_desk_refs.map(uuidOfStixId).filter((d) => STIX_UUID.test(d)));
  const now = ctx.clock.now();
  await startTargets(db, ctx, row, desks, now);
  await changeRepository(db).record([{ at: now, record_kind: 'alert', record_id: id, version: alert.version, change: 'federation' }]);
  await publishAsReceived(db, peer, 'alert', id, alert.version, dateAdded, received);
  return true;
}

export async function applyAlertResponse(
  ctx: Context,
  db: Kysely<DB>,
  peer: PeerRow,
  received: Received,
  dateAdded: Date,
): Promise<boolean> {
  const answer = extension(received.object, EXTENSIONS.alertResponse, alertResponseExtensionSchema, 'alert answer');
  const id = checkedUuidOf(received.stixId);
  const deskId = checkedUuidOf(answer.desk_ref);
  const desk = await deskRepository(db).find(deskId);
  if (!desk || desk.home_node !== peer.node_id) return reject('an answer for a desk its sender does not run');
  const alert = await alertRepository(db).find(checkedUuidOf(answer.alert_ref));
  if (!alert) return reject('an answer to an alert not held here');
  await ensureRemoteAuthors(db, [received.label.originator.org]);
  const recorded = await recordPartnerAnswer(db, ctx, alert, {
    id,
    alert_id: alert.id,
    desk_id: deskId,
    kind: answer.kind,
    note: answer.note,
    responded_by: remoteAuthorId(received.label.originator.org),
    responded_at: new Date(answer.responded_at),
    ...labelToColumns(received.label),
  });
  if (!recorded) return false;
  await publishAsReceived(db, peer, 'alert-response', id, 1, dateAdded, received);
  return true;
}
