import { auditPageSchema, auditQuerySchema } from '../../../shared/contracts/audit';
import { readAuditLog } from '../../domain/audit/audit-reader';
import { defineRoute } from '../route';

export const auditRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/audit',
    summary:
      "The node's audit log, newest first (node administrators: audit.read), filtered by actor, action (or every action under a prefix), outcome and time range; entries name records by id and never hold their content",
    tag: 'audit',
    auth: 'user',
    scope: 'admin',
    query: auditQuerySchema,
    response: auditPageSchema,
    reads: { kind: 'none', why: 'audit entries, not labelled records: they name records by id and never carry their content' },
    handler: async ({ ctx, actor, query }) => readAuditLog(ctx, actor, query),
  }),
];
