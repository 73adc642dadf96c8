/**
 * Attachments of incidents, checked as every file Concord keeps is (attachments/attachment-files.ts).
 * Files live in the database, are read exactly when their incident is, stay on this node (they are
 * not part of the incident's STIX object), and are served as downloads only (their type,
 * attachment disposition, nosniff).
 */
import { can } from '../policy/policy';
import { checkedFile, named } from '../attachments/attachment-files';
import { attachmentRepository } from '../../db/repositories/attachment-repository';
import { incidentRepository } from '../../db/repositories/incident-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { readRecordOrRefuse } from '../audit/record-reads';
import { getIncident } from './incident-service';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';

export const MAX_ATTACHMENTS_PER_INCIDENT = 50;

export async function addAttachment(
  ctx: Context,
  actor: UserActor,
  incidentId: string,
  input: { fileName: string; contentBase64: string },
) {
  const incident = await incidentRepository(ctx.database.db).findReadable(incidentId, actor.reader);
  if (!incident) throw AppError.notFound('incident');
  if (!can(actor, 'record.edit', incident)) {
    throw new AppError('FORBIDDEN', "Only the originating organisation's analysts may attach files to this incident.");
  }
  const file = await checkedFile({ fileName: input.fileName, content: Buffer.from(input.contentBase64, 'base64') });
  if ((await attachmentRepository(ctx.database.db).countFor(incidentId)) >= MAX_ATTACHMENTS_PER_INCIDENT) {
    throw new AppError('CONFLICT', `An incident holds at most ${MAX_ATTACHMENTS_PER_INCIDENT} attachments.`);
  }
  const id = ctx.ids.uuid();
  await ctx.database.transaction(async (tx) => {
    await attachmentRepository(tx.db).insert({
      id,
      incident_id: incidentId,
      file_name: file.fileName,
      media_type: file.mediaType,
      size: file.size,
      sha256: file.sha256,
      content: file.content,
      created_by: actor.user.id,
      created_at: ctx.clock.now(),
    });
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action: 'incident.attach',
        target: { kind: 'incident', id: incidentId },
        details: { attachment: id, mediaType: file.mediaType, size: file.size, sha256: file.sha256 },
      },
    ]);
  });
  return (await attachmentRepository(ctx.database.db).listReadable(incidentId, actor.reader)).find((a) => a.id === id);
}

export async function listAttachments(ctx: Context, actor: UserActor, incidentId: string) {
  await getIncident(ctx, actor, incidentId);
  return (await attachmentRepository(ctx.database.db).listReadable(incidentId, actor.reader)).map(named);
}

/** One attachment with its content; unreadable and missing answer the same. */
export async function getAttachment(ctx: Context, actor: UserActor, id: string) {
  const repo = attachmentRepository(ctx.database.db);
  const row = await readRecordOrRefuse(ctx, actor, 'attachment', id, {
    findReadable: async () => {
      const row = await repo.findReadable(id, actor.reader);
      return row && { ...row, version: 1 };
    },
    exists: () => repo.exists(id),
  });
  return named(row);
}
