import { z } from 'zod';
import { idParamsSchema, pageOf } from '../../../shared/contracts/common';
import { noteCreateRequestSchema, noteListQuerySchema, noteSchema } from '../../../shared/contracts/notes';
import { createNote, getNote, listNotes, recallNote } from '../../domain/notes/note-service';
import { presentNote } from '../presenters/note-presenter';
import { defineRoute } from '../route';

export const noteRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/notes',
    summary: 'Create a labelled note',
    tag: 'notes',
    auth: 'user',
    body: noteCreateRequestSchema,
    response: noteSchema,
    status: 201,
    handler: async ({ ctx, actor, body }) => presentNote(await createNote(ctx, actor, body), actor),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/notes',
    summary: 'Notes the caller may read, newest first (cursor pagination)',
    tag: 'notes',
    auth: 'user',
    query: noteListQuerySchema,
    response: pageOf(noteSchema),
    reads: { kind: 'list', recordKind: 'note' },
    handler: async ({ ctx, actor, query }) => {
      const page = await listNotes(ctx, actor, query.limit, query.cursor);
      return { items: page.items.map((n) => presentNote(n, actor)), next: page.next };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/notes/:id',
    summary: 'One note (404 when missing or not releasable to the caller — the same answer)',
    tag: 'notes',
    auth: 'user',
    params: idParamsSchema,
    response: noteSchema,
    reads: { kind: 'record', recordKind: 'note' },
    handler: async ({ ctx, actor, params }) => presentNote(await getNote(ctx, actor, params.id), actor),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/notes/:id/recall',
    summary: "Recall a note (terminal; originator organisation's releasing officer only)",
    tag: 'notes',
    auth: 'user',
    params: idParamsSchema,
    body: z.strictObject({ reason: z.string().trim().min(1, 'Say why the note is recalled.').max(500) }),
    response: noteSchema,
    handler: async ({ ctx, actor, params, body }) => presentNote(await recallNote(ctx, actor, params.id, body.reason), actor),
  }),
];
