/** Joint statements: the text and its clauses, nations' positions, amendments and comments, the silence procedure, the signed adopted text. */
import { z } from 'zod';
import { pageOf } from '../../../shared/contracts/common';
import {
  amendmentParamsSchema,
  amendmentRequestSchema,
  clauseAddRequestSchema,
  clauseMoveRequestSchema,
  clauseParamsSchema,
  clauseUpdateRequestSchema,
  commentRequestSchema,
  decisionRequestSchema,
  exportQuerySchema,
  positionsRequestSchema,
  silenceRequestSchema,
  statementCreateRequestSchema,
  statementListQuerySchema,
  statementParamsSchema,
  statementPositionViewSchema,
  statementSchema,
  statementSummarySchema,
  statementUpdateRequestSchema,
  translationParamsSchema,
  translationRequestSchema,
} from '../../../shared/contracts/statements';
import type { StatementLanguage } from '../../../shared/contracts/statements';
import {
  addClause,
  addComment,
  callOffSilence,
  createStatement,
  decideAmendment,
  getStatement,
  getStatementPosition,
  givePositions,
  giveWordInPerson,
  listStatements,
  moveClause,
  proposeAmendment,
  publishStatement,
  removeClause,
  startSilence,
  statementPermissions,
  translateStatement,
  updateClause,
  updateStatement,
  withdrawStatement,
} from '../../domain/dialogue/statement-service';
import { statementFile, statementPdf } from '../../domain/dialogue/statement-export';
import { putMinutesToAdoption } from '../../domain/dialogue/minutes-adoption';
import { presentStatement, presentStatementPosition, presentStatementSummary } from '../presenters/statement-presenter';
import { versionTag } from '../if-match';
import { defineRoute } from '../route';
import type { FastifyReply } from 'fastify';
import type { Context } from '../../context';
import type { UserActor } from '../../domain/auth/actor';

async function statementFor(ctx: Context, actor: UserActor, id: string, reply?: FastifyReply) {
  const { statement, meeting, positions, speaks } = await getStatement(ctx, actor, id);
  reply?.header('etag', versionTag(statement.version));
  return presentStatement(statement, meeting, positions, statementPermissions(actor, statement, meeting, speaks), ctx.clock.now());
}

const tag = 'dialogue';
const idParams = statementParamsSchema;

/** A write to a statement answered with the statement as it then stands. */
function statementWrite<B extends z.ZodType>(spec: {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  summary: string;
  params: z.ZodType<{ id: string; clauseId?: string; amendmentId?: string; language?: StatementLanguage }>;
  body?: B;
  write: (
    ctx: Context,
    actor: UserActor,
    params: { id: string; clauseId?: string; amendmentId?: string; language?: StatementLanguage },
    body: z.infer<B>,
  ) => Promise<unknown>;
}) {
  return defineRoute({
    method: spec.method,
    url: spec.url,
    summary: spec.summary,
    tag,
    auth: 'user',
    params: spec.params,
    ...(spec.body ? { body: spec.body } : {}),
    response: statementSchema,
    handler: async ({ ctx, actor, params, body, reply }) => {
      await spec.write(ctx, actor, params, body as z.infer<B>);
      return statementFor(ctx, actor, params.id, reply);
    },
  });
}

export const statementRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/statements',
    summary: 'Joint statements the caller may read, newest first; `meetingId`: one meeting’s (cursor pagination)',
    tag,
    auth: 'user',
    query: statementListQuerySchema,
    response: pageOf(statementSummarySchema),
    reads: { kind: 'list', recordKind: 'statement' },
    handler: async ({ ctx, actor, query }) => {
      const page = await listStatements(ctx, actor, query);
      return { items: page.items.map(presentStatementSummary), next: page.next };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/meetings/:id/statements',
    summary:
      'Draft a joint statement of a meeting (the host’s organisers): title, preamble, clauses; under the meeting’s label unless one is given',
    tag,
    auth: 'user',
    params: idParams,
    body: statementCreateRequestSchema,
    response: statementSchema,
    status: 201,
    handler: async ({ ctx, actor, params, body, reply }) =>
      statementFor(ctx, actor, await createStatement(ctx, actor, params.id, body), reply),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/meetings/:id/minutes/adoption',
    summary:
      'Put a meeting’s draft minutes to adoption (the host’s organisers): a statement whose clauses are the minutes of the items every participant may read; corrections are amendments, and on adoption each item’s minutes take the adopted text',
    tag,
    auth: 'user',
    params: idParams,
    response: statementSchema,
    status: 201,
    handler: async ({ ctx, actor, params, reply }) => statementFor(ctx, actor, await putMinutesToAdoption(ctx, actor, params.id), reply),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/statements/:id',
    summary:
      'One joint statement: its clauses with their versions, the concurrence matrix, amendments, comments and reservations of the nations the caller may read, the procedure (404 when missing or not releasable, the meeting’s label included)',
    tag,
    auth: 'user',
    params: idParams,
    response: statementSchema,
    reads: { kind: 'record', recordKind: 'statement' },
    handler: async ({ ctx, actor, params, reply }) => statementFor(ctx, actor, params.id, reply),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/statements/:id/export',
    summary:
      'A statement to read outside Concord: Markdown (`format=md`), JSON — for an adopted one the document signed by the host’s node, with every nation’s signed position, which `concord statement verify` checks offline — or, for an adopted one, PDF (`format=pdf`, headed by its marking)',
    tag,
    auth: 'user',
    params: idParams,
    query: exportQuerySchema,
    response: z.unknown(),
    reads: { kind: 'record', recordKind: 'statement' },
    handler: async ({ ctx, actor, params, query, reply }) => {
      const { statement, meeting, positions } = await getStatement(ctx, actor, params.id);
      const file = query.format === 'pdf' ? await statementPdf(statement) : statementFile(statement, meeting, positions, query.format);
      reply.header('content-disposition', `attachment; filename="${file.name}"`).type(file.type);
      return file.body;
    },
  }),
  statementWrite({
    method: 'PATCH',
    url: '/api/statements/:id',
    summary: 'Change the title or preamble (the pen-holder): a new version of the text',
    params: idParams,
    body: statementUpdateRequestSchema,
    write: (ctx, actor, p, body) => updateStatement(ctx, actor, p.id, body),
  }),
  statementWrite({
    method: 'POST',
    url: '/api/statements/:id/clauses',
    summary: 'Add a clause (the pen-holder); `after` places it',
    params: idParams,
    body: clauseAddRequestSchema,
    write: (ctx, actor, p, body) => addClause(ctx, actor, p.id, body),
  }),
  statementWrite({
    method: 'PUT',
    url: '/api/statements/:id/clauses/:clauseId',
    summary: 'Change a clause’s text (the pen-holder), naming the version changed: positions on the version before are void',
    params: clauseParamsSchema,
    body: clauseUpdateRequestSchema,
    write: (ctx, actor, p, body) => updateClause(ctx, actor, p.id, p.clauseId!, body),
  }),
  statementWrite({
    method: 'DELETE',
    url: '/api/statements/:id/clauses/:clauseId',
    summary: 'Remove a clause (the pen-holder)',
    params: clauseParamsSchema,
    write: (ctx, actor, p) => removeClause(ctx, actor, p.id, p.clauseId!),
  }),
  statementWrite({
    method: 'POST',
    url: '/api/statements/:id/clauses/:clauseId/move',
    summary: 'Move a clause after another (null: first)',
    params: clauseParamsSchema,
    body: clauseMoveRequestSchema,
    write: (ctx, actor, p, body) => moveClause(ctx, actor, p.id, p.clauseId!, body.after),
  }),
  statementWrite({
    method: 'POST',
    url: '/api/statements/:id/positions',
    summary:
      'Give the caller’s nation’s positions (its head of delegation), each on the current version of a clause or of the whole text: concur, reservation (with its text), non-concur (with a reason, and perhaps an amendment)',
    params: idParams,
    body: positionsRequestSchema,
    write: (ctx, actor, p, body) => givePositions(ctx, actor, p.id, body),
  }),
  statementWrite({
    method: 'POST',
    url: '/api/statements/:id/amendments',
    summary: 'Propose an amendment to a clause’s current version (a participant’s delegate); the pen-holder accepts or rejects it',
    params: idParams,
    body: amendmentRequestSchema,
    write: (ctx, actor, p, body) => proposeAmendment(ctx, actor, p.id, body),
  }),
  statementWrite({
    method: 'POST',
    url: '/api/statements/:id/amendments/:amendmentId/decision',
    summary: 'Accept (the clause takes its wording) or reject an amendment (the pen-holder)',
    params: amendmentParamsSchema,
    body: decisionRequestSchema,
    write: (ctx, actor, p, body) => decideAmendment(ctx, actor, p.id, p.amendmentId!, body),
  }),
  statementWrite({
    method: 'POST',
    url: '/api/statements/:id/comments',
    summary: 'Comment on a clause or on the whole (a participant’s delegate)',
    params: idParams,
    body: commentRequestSchema,
    write: (ctx, actor, p, body) => addComment(ctx, actor, p.id, body),
  }),
  statementWrite({
    method: 'POST',
    url: '/api/statements/:id/word',
    summary:
      'Give the caller’s nation’s word at the end of a silence (its head of delegation): that it has no objection — for a silence this node learnt of only after its deadline, where the node gives none by itself',
    params: idParams,
    write: (ctx, actor, p) => giveWordInPerson(ctx, actor, p.id),
  }),
  statementWrite({
    method: 'PUT',
    url: '/api/statements/:id/silence',
    summary:
      'Put the text under silence until a deadline (the pen-holder): adopted then unless a participant non-concurs first, once every participant’s node has sent its signed word',
    params: idParams,
    body: silenceRequestSchema,
    write: (ctx, actor, p, body) => startSilence(ctx, actor, p.id, body),
  }),
  statementWrite({
    method: 'DELETE',
    url: '/api/statements/:id/silence',
    summary: 'Call a silence off (the pen-holder): the text is drafted again',
    params: idParams,
    write: (ctx, actor, p) => callOffSilence(ctx, actor, p.id),
  }),
  statementWrite({
    method: 'PUT',
    url: '/api/statements/:id/translations/:language',
    summary:
      'Add or replace the translation of the adopted text into a language (the host’s organisers), authentic or unofficial, one text per clause in order; signed by the host’s node',
    params: translationParamsSchema,
    body: translationRequestSchema,
    write: (ctx, actor, p, body) => translateStatement(ctx, actor, p.id, p.language!, body),
  }),
  statementWrite({
    method: 'PUT',
    url: '/api/statements/:id/public',
    summary:
      'Release the adopted text publicly (a releasing officer of the host, on its node): served without sign-in at /public/statements/:id in each language, as PDF, and in the node’s Atom feed — its text, adoption and nations only',
    params: idParams,
    write: (ctx, actor, p) => publishStatement(ctx, actor, p.id, true),
  }),
  statementWrite({
    method: 'DELETE',
    url: '/api/statements/:id/public',
    summary: 'Withdraw the public release (a releasing officer of the host): the public address then answers 404',
    params: idParams,
    write: (ctx, actor, p) => publishStatement(ctx, actor, p.id, false),
  }),
  statementWrite({
    method: 'POST',
    url: '/api/statements/:id/withdraw',
    summary: 'Withdraw the statement (the pen-holder): it takes no more changes',
    params: idParams,
    write: (ctx, actor, p) => withdrawStatement(ctx, actor, p.id),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/statement-positions/:id',
    summary:
      'One nation’s word on a statement: its signed positions, amendments, comments and silence words (404 when missing or not releasable, the statement’s and meeting’s labels included)',
    tag,
    auth: 'user',
    params: idParams,
    response: statementPositionViewSchema,
    reads: { kind: 'record', recordKind: 'statement-position' },
    handler: async ({ ctx, actor, params }) => presentStatementPosition(await getStatementPosition(ctx, actor, params.id)),
  }),
];
