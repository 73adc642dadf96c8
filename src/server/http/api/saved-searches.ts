/** Saved incident searches and the notifications their new matches raise (the caller's own only). */
import { z } from 'zod';
import type { AlertSeverity, RosterRole } from '../../../shared/vocab/hotline';
import { idParamsSchema, okSchema } from '../../../shared/contracts/common';
import { notificationSchema, savedSearchRequestSchema, savedSearchSchema } from '../../../shared/contracts/saved-searches';
import {
  createSavedSearch,
  deleteSavedSearch,
  listNotifications,
  listSavedSearches,
  markNotificationsRead,
} from '../../domain/saved-searches/saved-search-service';
import { defineRoute } from '../route';

const presentSearch = (row: { id: string; name: string; filter: unknown; created_at: Date | string }) => ({
  id: row.id,
  name: row.name,
  filter: row.filter as Record<string, unknown>,
  createdAt: new Date(row.created_at).toISOString(),
});

export const savedSearchRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/saved-searches',
    summary: 'Save an incident search; incidents that newly match it (and that you may read) raise a notification',
    tag: 'saved searches',
    auth: 'user',
    body: savedSearchRequestSchema,
    response: savedSearchSchema,
    status: 201,
    handler: async ({ ctx, actor, body }) => presentSearch(await createSavedSearch(ctx, actor, body)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/saved-searches',
    summary: 'Your saved searches',
    tag: 'saved searches',
    auth: 'user',
    response: z.object({ items: z.array(savedSearchSchema) }),
    reads: { kind: 'none', why: "the caller's own saved filters, not labelled records" },
    handler: async ({ ctx, actor }) => ({ items: (await listSavedSearches(ctx, actor)).map(presentSearch) }),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/saved-searches/:id',
    summary: 'Delete one of your saved searches (and its notifications)',
    tag: 'saved searches',
    auth: 'user',
    params: idParamsSchema,
    response: okSchema,
    handler: async ({ ctx, actor, params }) => {
      await deleteSavedSearch(ctx, actor, params.id);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/notifications',
    summary:
      'Your latest notifications: counts of new incidents matching your saved searches, hotline alert steps and, for releasing officers, new drafts awaiting release — a link and a line, never the records',
    tag: 'saved searches',
    auth: 'user',
    response: z.object({ items: z.array(notificationSchema), unread: z.number().int() }),
    reads: { kind: 'none', why: "the caller's own notifications: counts computed with the caller's own reader" },
    handler: async ({ ctx, actor }) => {
      const rows = await listNotifications(ctx, actor);
      const items = rows.map((n) => {
        const common = { id: n.id, createdAt: new Date(n.created_at).toISOString(), read: n.read_at !== null };
        if (n.kind === 'release') return { ...common, kind: 'release' as const, count: n.count ?? 0 };
        if (n.kind === 'commitment')
          return {
            ...common,
            kind: 'commitment' as const,
            commitmentId: n.record_id ?? '',
            event: n.event === 'overdue' ? ('overdue' as const) : ('due-soon' as const),
            line: n.line ?? '',
          };
        return n.alert_id
          ? {
              ...common,
              kind: 'alert' as const,
              alertId: n.alert_id,
              line: n.line ?? '',
              ...(n.event && n.desk_id && n.desk_name && n.severity
                ? {
                    topic: {
                      event: n.event as 'step' | 'exhausted',
                      severity: n.severity as AlertSeverity,
                      exercise: n.exercise ?? false,
                      deskId: n.desk_id,
                      deskName: n.desk_name,
                      role: n.role as RosterRole | null,
                    },
                  }
                : {}),
            }
          : {
              ...common,
              kind: 'saved-search' as const,
              ...(n.search_id && n.name ? { search: { id: n.search_id, name: n.name } } : {}),
              count: n.count ?? 0,
            };
      });
      return { items, unread: items.filter((i) => !i.read).length };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/notifications/read',
    summary: 'Mark one notification (or all, without `id`) as read',
    tag: 'saved searches',
    auth: 'user',
    body: z.strictObject({ id: z.uuid().optional() }),
    response: okSchema,
    handler: async ({ ctx, actor, body }) => {
      await markNotificationsRead(ctx, actor, body.id ?? null);
      return { ok: true as const };
    },
  }),
];
