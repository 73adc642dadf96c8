/**
 * Notes: the small generic labelled record that carries the releasability rule end to end
 * (create with a label and an optionally stricter field group, read, list, recall).
 */
import { may, can } from '../policy/policy';
import { validateLabel } from '../../../shared/labels/validate-label';
import { labelToColumns } from '../../../shared/labels/label-columns';
import { changeRepository } from '../../db/repositories/change-repository';
import { noteRepository } from '../../db/repositories/note-repository';
import { AppError } from '../app-error';
import { decodeCursor, pageFromRows } from '../keyset-cursor';
import { appendAudit } from '../audit/audit-log';
import { loadLabelDirectory } from '../directory/directory-service';
import { recordAccessFailure } from '../audit/access-failures';
import { readRecordOrRefuse, recordListDisclosure } from '../audit/record-reads';
import type { NoteCreateRequest } from '../../../shared/contracts/notes';
import type { LabelIssue } from '../../../shared/labels/validate-label';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';
import type { NoteRow } from '../../db/repositories/note-repository';

export async function createNote(ctx: Context, actor: UserActor, input: NoteCreateRequest): Promise<NoteRow> {
  if (!may(actor, 'note.create')) {
    throw new AppError('FORBIDDEN', 'Your roles do not allow creating notes.');
  }
  const author = { nation: actor.org.nation, org: actor.org.id, user: actor.user.id };
  const labelInputs = [input.label, ...(input.sources?.label ? [input.sources.label] : [])];
  const directory = await loadLabelDirectory(ctx.database.db, labelInputs);
  const label = validateLabel(input.label, author, directory);
  const issues: LabelIssue[] = label.ok ? [] : label.issues.map((i) => ({ path: `label.${i.path}`, message: i.message }));
  let sourcesLabel = null;
  if (input.sources?.label) {
    const checked = validateLabel(input.sources.label, author, directory);
    if (checked.ok) sourcesLabel = checked.label;
    else issues.push(...checked.issues.map((i) => ({ path: `sources.label.${i.path}`, message: i.message })));
  }
  if (!label.ok || issues.length > 0) {
    await recordAccessFailure(ctx, actor, 'note.create', { reason: 'label rejected', issues }, 'rejected');
    throw new AppError('VALIDATION_FAILED', `The label is not valid: ${issues.map((i) => i.message).join(' ')}`, issues);
  }
  const now = ctx.clock.now();
  const id = ctx.ids.uuid();
  const row = {
    id,
    version: 1,
    title: input.title,
    body: input.body,
    sources_text: input.sources?.text ?? null,
    sources_label: sourcesLabel
      ? JSON.stringify({
          classification: sourcesLabel.classification,
          relTo: sourcesLabel.relTo,
          caveats: sourcesLabel.caveats,
          tlp: sourcesLabel.tlp,
          recipients: sourcesLabel.recipients,
        })
      : null,
    created_by: actor.user.id,
    created_at: now,
    updated_at: now,
    ...labelToColumns(label.label),
  };
  await ctx.database.transaction(async (tx) => {
    await noteRepository(tx.db).insert(row);
    await changeRepository(tx.db).record([{ at: now, record_kind: 'note', record_id: id, version: 1, change: 'create' }]);
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action: 'note.create',
        target: { kind: 'note', id },
        details: { labelVersion: 1, classification: label.label.classification, relTo: label.label.relTo, tlp: label.label.tlp },
      },
    ]);
  });
  const created = await noteRepository(ctx.database.db).findReadable(id, actor.reader);
  if (!created) throw new Error('a note its author cannot read');
  return created;
}

/**
 * Reads one note. A note the reader may not read and a missing note give the same answer; both
 * are audited as a refused read (the audit, never the reader, learns which it was).
 */
export async function getNote(ctx: Context, actor: UserActor, id: string): Promise<NoteRow> {
  const repo = noteRepository(ctx.database.db);
  return readRecordOrRefuse(ctx, actor, 'note', id, {
    findReadable: () => repo.findReadable(id, actor.reader),
    exists: () => repo.exists(id),
  });
}

export async function listNotes(
  ctx: Context,
  actor: UserActor,
  limit: number,
  cursor?: string,
): Promise<{ items: NoteRow[]; next: string | null }> {
  const after = cursor ? decodeCursor(cursor) : null;
  const rows = await noteRepository(ctx.database.db).listReadable(actor.reader, limit + 1, after && { createdAt: after.at, id: after.id });
  const page = pageFromRows(rows, limit, (row) => row.created_at);
  await recordListDisclosure(ctx, actor, 'note', page.items);
  return page;
}

/** Recall is terminal: only a releasing officer of the originator organisation may do it. */
export async function recallNote(ctx: Context, actor: UserActor, id: string, reason: string): Promise<NoteRow> {
  const now = ctx.clock.now();
  await ctx.database.transaction(async (tx) => {
    const notes = noteRepository(tx.db);
    const note = await notes.findForUpdate(id);
    const readable = note && (await notes.findReadable(id, actor.reader));
    if (!note || !readable) throw AppError.notFound('note');
    if (!can(actor, 'record.recall', note)) {
      throw new AppError('FORBIDDEN', 'Only a releasing officer of the originating organisation may recall this note.');
    }
    if (note.state === 'recalled') return;
    await notes.markRecalled(id, note.version + 1, note.label_version + 1, now);
    await changeRepository(tx.db).record([{ at: now, record_kind: 'note', record_id: id, version: note.version + 1, change: 'recall' }]);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'note.recall', target: { kind: 'note', id }, details: { reason, version: note.version + 1 } },
    ]);
  });
  const note = await noteRepository(ctx.database.db).findReadable(id, actor.reader);
  if (!note) throw AppError.notFound('note');
  return note;
}
