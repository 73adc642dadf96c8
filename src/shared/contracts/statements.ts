/**
 * Joint statements of the strategic dialogue: a text drafted clause by clause by the host nation
 * (its pen-holder), every clause versioned; each participating nation's positions on each clause
 * and on the whole, its amendments and comments; the silence procedure; the adopted text, frozen
 * and signed (docs/decisions/0043).
 */
import { z } from 'zod';
import { isoDateTime } from './common';
import { labelInputSchema, labelSchema } from '../labels/label';
import { AMENDMENT_DECISIONS, STANCES, STATEMENT_STATUSES } from '../vocab/dialogue';

const text = (max: number) => z.string().trim().max(max);
const required = (max: number, message: string) => z.string().trim().min(1, message).max(max);

/** The most clauses a statement holds. */
export const MAX_CLAUSES = 500;
export const CLAUSE_MAX_CHARS = 10_000;

// ---- Stored and on the wire (the statement record and each nation's record) ----

/** A clause as it stands, with the versions it had before. */
export const clauseSchema = z.object({
  id: z.uuid(),
  version: z.number().int().min(1),
  text: z.string().min(1).max(CLAUSE_MAX_CHARS),
  history: z
    .array(z.object({ version: z.number().int().min(1), text: z.string().max(CLAUSE_MAX_CHARS), at: z.iso.datetime() }))
    .max(200)
    .default([]),
});
export type Clause = z.infer<typeof clauseSchema>;

/** Who signed a nation's word: the node (its id and public key) that speaks for the nation. */
export const signerSchema = z.object({ node: z.string().min(1).max(100), key: z.string().regex(/^ed25519:[A-Za-z0-9+/]{43}=$/) });

const signed = { signer: signerSchema, signature: z.string().min(1).max(200) };

/** A nation's position on a clause (or the whole text: `clause` null), given on one version of it. */
export const positionEntrySchema = z.object({
  type: z.literal('position'),
  id: z.uuid(),
  clause: z.uuid().nullable().default(null),
  /** The clause's version, or the text's for the whole. */
  ofVersion: z.number().int().min(1),
  /** SHA-256 of what the position was given on (statement-document.ts). */
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  stance: z.enum(STANCES),
  /** For a reservation: its text (may be published as a footnote). */
  reservation: z.string().max(4_000),
  /** For a non-concurrence: why. */
  reason: z.string().max(4_000),
  givenAt: z.iso.datetime(),
  by: z.string().max(200),
  ...signed,
});
export type PositionEntry = z.infer<typeof positionEntrySchema>;

export const amendmentEntrySchema = z.object({
  type: z.literal('amendment'),
  id: z.uuid(),
  clause: z.uuid(),
  /** The clause's version the amendment was written against (its diff is shown against it). */
  ofVersion: z.number().int().min(1),
  text: z.string().min(1).max(CLAUSE_MAX_CHARS),
  comment: z.string().max(4_000),
  at: z.iso.datetime(),
  by: z.string().max(200),
});
export type AmendmentEntry = z.infer<typeof amendmentEntrySchema>;

export const commentEntrySchema = z.object({
  type: z.literal('comment'),
  id: z.uuid(),
  clause: z.uuid().nullable().default(null),
  text: z.string().min(1).max(4_000),
  at: z.iso.datetime(),
  by: z.string().max(200),
});
export type CommentEntry = z.infer<typeof commentEntrySchema>;

/** A nation's node's signed word, dated by that node after a silence's deadline, that the nation has no objection. */
export const wordEntrySchema = z.object({
  type: z.literal('word'),
  id: z.uuid(),
  /** The deadline of the silence it answers. */
  silenceUntil: z.iso.datetime(),
  /** The text version and its digest the silence was on. */
  ofVersion: z.number().int().min(1),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  signedAt: z.iso.datetime(),
  ...signed,
});
export type WordEntry = z.infer<typeof wordEntrySchema>;

export const entrySchema = z.discriminatedUnion('type', [positionEntrySchema, amendmentEntrySchema, commentEntrySchema, wordEntrySchema]);
export type Entry = z.infer<typeof entrySchema>;

/** The pen-holder's decision on an amendment. */
export const decisionSchema = z.object({
  amendment: z.uuid(),
  nation: z.string(),
  decision: z.enum(AMENDMENT_DECISIONS),
  note: z.string().max(4_000),
  at: z.iso.datetime(),
  by: z.string().max(200),
});
export type Decision = z.infer<typeof decisionSchema>;

export const silenceSchema = z.object({
  startedAt: z.iso.datetime(),
  until: z.iso.datetime(),
  /** The text version put under silence. */
  ofVersion: z.number().int().min(1),
});
export type Silence = z.infer<typeof silenceSchema>;

/**
 * What the host's node last found on the procedure: whom it waits for, or who broke the last
 * silence. (On the wire, null properties and empty lists are left out: every schema read from a
 * partner restores them with defaults, so what was signed is what is checked.)
 */
export const procedureSchema = z.object({
  waitingFor: z.array(z.string()).default([]),
  broken: z.object({ by: z.string(), at: z.iso.datetime(), until: z.iso.datetime() }).nullable().default(null),
});
export type Procedure = z.infer<typeof procedureSchema>;

/** The languages a statement is written or translated in (the web app's). */
export const STATEMENT_LANGUAGES = ['en', 'ru', 'kk', 'ky', 'tg', 'uz', 'ur'] as const;
export type StatementLanguage = (typeof STATEMENT_LANGUAGES)[number];

/**
 * A translation of the adopted text, marked authentic (of equal force with the original) or
 * unofficial, signed by the host's node over its text and the original's digest.
 */
export const translationSchema = z.object({
  language: z.enum(STATEMENT_LANGUAGES),
  status: z.enum(['authentic', 'unofficial']),
  title: z.string().min(1).max(300),
  preamble: z.string().max(10_000),
  /** The clauses in the original's order, by id. */
  clauses: z.array(z.object({ id: z.uuid(), text: z.string().min(1).max(CLAUSE_MAX_CHARS) })).max(MAX_CLAUSES),
  /** The original's digest (statement-document.ts): the text it translates. */
  of: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.iso.datetime(),
  ...signed,
});
export type Translation = z.infer<typeof translationSchema>;

// ---- The adopted document (server/domain/dialogue/statement-document.ts signs and verifies it) ----

const nationCode = z.string().regex(/^[A-Z]{3}$/);

export const statementDocumentSchema = z.object({
  format: z.literal('concord-statement/1'),
  statement: z.object({
    id: z.uuid(),
    title: z.string(),
    preamble: z.string(),
    host: nationCode,
    participants: z.array(nationCode).min(1),
    meeting: z.object({ id: z.uuid(), title: z.string(), startsAt: z.string(), endsAt: z.string(), place: z.string() }),
    adoptedAt: z.iso.datetime(),
    adoptedBy: z.enum(['concurrence', 'silence']),
    textVersion: z.number().int().min(1),
  }),
  clauses: z.array(clauseSchema.omit({ history: true })),
  /** SHA-256 of the text (`textDigest`). */
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  /** Each nation's positions that stand on the adopted text: on the whole and on each clause. */
  positions: z.array(positionEntrySchema.omit({ id: true, by: true, type: true }).extend({ nation: nationCode })).default([]),
  /** Under silence: each participant's signed word that it had no objection. */
  words: z.array(wordEntrySchema.omit({ id: true, type: true }).extend({ nation: nationCode })).default([]),
  host: z.object({ nation: nationCode, ...signerSchema.shape }),
  signature: z.string(),
});
export type StatementDocument = z.infer<typeof statementDocumentSchema>;

// ---- Requests ----

export const statementCreateRequestSchema = z.strictObject({
  title: required(300, 'Name the statement.'),
  preamble: text(10_000).default(''),
  clauses: z.array(required(CLAUSE_MAX_CHARS, 'A clause has text.')).max(MAX_CLAUSES).default([]),
  /** The language it is drafted in (English when left out). */
  language: z.enum(STATEMENT_LANGUAGES).default('en'),
  /** Under the meeting's label when left out; it must release the statement to every participant. */
  label: labelInputSchema.optional(),
});
export type StatementCreateRequest = z.infer<typeof statementCreateRequestSchema>;

export const translationRequestSchema = z.strictObject({
  status: z.enum(['authentic', 'unofficial']),
  title: required(300, 'Translate the title.'),
  preamble: text(10_000).default(''),
  /** One per clause of the adopted text, in its order. */
  clauses: z.array(required(CLAUSE_MAX_CHARS, 'Translate every clause.')).max(MAX_CLAUSES),
});
export type TranslationRequest = z.infer<typeof translationRequestSchema>;

export const translationParamsSchema = z.strictObject({
  id: z.uuid({ message: 'The id must be a UUID.' }),
  language: z.enum(STATEMENT_LANGUAGES, { message: `One of ${STATEMENT_LANGUAGES.join(', ')}.` }),
});

export const statementUpdateRequestSchema = z
  .strictObject({ title: required(300, 'Name the statement.'), preamble: text(10_000) })
  .partial();
export type StatementUpdateRequest = z.infer<typeof statementUpdateRequestSchema>;

export const clauseAddRequestSchema = z.strictObject({
  text: required(CLAUSE_MAX_CHARS, 'A clause has text.'),
  /** The clause it follows (null: first); at the end when left out. */
  after: z.uuid().nullable().optional(),
});
export type ClauseAddRequest = z.infer<typeof clauseAddRequestSchema>;

export const clauseUpdateRequestSchema = z.strictObject({
  text: required(CLAUSE_MAX_CHARS, 'A clause has text.'),
  /** The version the change was made against: a clause changed meanwhile is not overwritten. */
  ofVersion: z.number().int().min(1),
});
export type ClauseUpdateRequest = z.infer<typeof clauseUpdateRequestSchema>;

export const positionRequestSchema = z
  .strictObject({
    /** A clause's id, or null for the whole text. */
    clause: z.uuid().nullable(),
    /** The version (of the clause, or of the text for the whole) the position is given on. */
    ofVersion: z.number().int().min(1),
    stance: z.enum(STANCES),
    reservation: text(4_000).default(''),
    reason: text(4_000).default(''),
    /** With a non-concurrence: the wording the nation proposes instead (becomes an amendment). */
    amendment: text(CLAUSE_MAX_CHARS).default(''),
  })
  .superRefine((p, issues) => {
    if (p.stance === 'reservation' && !p.reservation)
      issues.addIssue({ code: 'custom', path: ['reservation'], message: 'Write the reservation.' });
    if (p.stance === 'non-concur' && !p.reason)
      issues.addIssue({ code: 'custom', path: ['reason'], message: 'Say why the nation does not concur.' });
    if (p.amendment && (p.stance !== 'non-concur' || p.clause === null))
      issues.addIssue({ code: 'custom', path: ['amendment'], message: 'An amendment goes with a non-concurrence on a clause.' });
  });

export const positionsRequestSchema = z.strictObject({
  positions: z
    .array(positionRequestSchema)
    .min(1, 'Give at least one position.')
    .max(MAX_CLAUSES + 1),
});
export type PositionsRequest = z.infer<typeof positionsRequestSchema>;

export const amendmentRequestSchema = z.strictObject({
  clause: z.uuid(),
  ofVersion: z.number().int().min(1),
  text: required(CLAUSE_MAX_CHARS, 'Write the wording proposed.'),
  comment: text(4_000).default(''),
});
export type AmendmentRequest = z.infer<typeof amendmentRequestSchema>;

export const commentRequestSchema = z.strictObject({
  clause: z.uuid().nullable().default(null),
  text: required(4_000, 'Write the comment.'),
});
export type CommentRequest = z.infer<typeof commentRequestSchema>;

export const decisionRequestSchema = z.strictObject({
  /** The nation that proposed it (an amendment is named by its nation and its id). */
  nation: z.string().regex(/^[A-Z]{3}$/, 'A nation code such as KAZ.'),
  decision: z.enum(AMENDMENT_DECISIONS),
  note: text(4_000).default(''),
});
export type DecisionRequest = z.infer<typeof decisionRequestSchema>;

export const silenceRequestSchema = z.strictObject({
  /** The deadline: a nation that has not broken silence by then is taken to have no objection. */
  until: isoDateTime(),
});
export type SilenceRequest = z.infer<typeof silenceRequestSchema>;

export const statementListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  /** A meeting's statements only. */
  meetingId: z.uuid({ message: 'The meeting id must be a UUID.' }).optional(),
});

export const clauseMoveRequestSchema = z.strictObject({
  /** The clause it follows (null: first). */
  after: z.uuid().nullable(),
});

export const exportQuerySchema = z.strictObject({
  /**
   * Markdown to read, JSON — for an adopted statement, the signed document (`concord statement
   * verify` checks it) — or, for an adopted statement, PDF.
   */
  format: z.enum(['md', 'json', 'pdf']).default('md'),
});

/** A nation's word on a statement, as one record. */
export const statementPositionViewSchema = z.object({
  id: z.string(),
  statementId: z.string(),
  nation: z.string(),
  entries: z.array(entrySchema),
  updatedAt: z.string(),
  version: z.number().int(),
  label: labelSchema,
});
export type StatementPositionView = z.infer<typeof statementPositionViewSchema>;

export const statementParamsSchema = z.strictObject({
  id: z.uuid({ message: 'The id must be a UUID.' }),
});
export const clauseParamsSchema = z.strictObject({
  id: z.uuid({ message: 'The id must be a UUID.' }),
  clauseId: z.uuid({ message: 'The clause id must be a UUID.' }),
});
export const amendmentParamsSchema = z.strictObject({
  id: z.uuid({ message: 'The id must be a UUID.' }),
  amendmentId: z.uuid({ message: 'The amendment id must be a UUID.' }),
});

// ---- Views ----

const cellSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('none') }),
  z.object({ state: z.literal('current'), stance: z.enum(STANCES), givenAt: z.string() }),
  z.object({ state: z.literal('void'), stance: z.enum(STANCES), ofVersion: z.number().int() }),
]);
export type CellView = z.infer<typeof cellSchema>;

export const statementSummarySchema = z.object({
  id: z.string(),
  meetingId: z.string(),
  title: z.string(),
  host: z.string(),
  status: z.enum(STATEMENT_STATUSES),
  clauseCount: z.number().int(),
  textVersion: z.number().int(),
  silence: silenceSchema.nullable(),
  adoptedAt: z.string().nullable(),
  /** When the host released the adopted text to be served without sign-in (its public address then answers). */
  publicAt: z.string().nullable(),
  language: z.enum(STATEMENT_LANGUAGES),
  /** Run by a partner's node (changed, and served publicly, there only). */
  partnerNode: z.boolean(),
  /** Minutes put to adoption: the agenda item whose minutes each clause carries (null: a joint statement). */
  minutesOf: z.array(z.object({ clauseId: z.string(), agendaItemId: z.string() })).nullable(),
  updatedAt: z.string(),
  version: z.number().int(),
  label: labelSchema,
});
export type StatementSummary = z.infer<typeof statementSummarySchema>;

export const statementSchema = statementSummarySchema.extend({
  preamble: z.string(),
  participants: z.array(z.string()),
  clauses: z.array(
    z.object({
      id: z.string(),
      number: z.number().int(),
      version: z.number().int(),
      text: z.string(),
      history: z.array(z.object({ version: z.number().int(), text: z.string(), at: z.string() })),
    }),
  ),
  /** Each participant's position now, per clause (by id) and on the whole. */
  matrix: z.object({ clauses: z.record(z.string(), z.record(z.string(), cellSchema)), whole: z.record(z.string(), cellSchema) }),
  /** Reservations standing (on a current version), for footnotes. */
  reservations: z.array(z.object({ nation: z.string(), clause: z.string().nullable(), text: z.string() })),
  amendments: z.array(
    amendmentEntrySchema.omit({ type: true }).extend({
      nation: z.string(),
      /** The clause's text at the version the amendment was written against (the diff's left side). */
      baseText: z.string().nullable(),
      decision: decisionSchema.nullable(),
    }),
  ),
  comments: z.array(commentEntrySchema.omit({ type: true }).extend({ nation: z.string() })),
  procedure: z.object({
    /** Where the procedure stands now, as the host's node finds it. */
    state: z.enum(['drafting', 'running', 'broken', 'waiting', 'ended', 'adopted', 'withdrawn']),
    waitingFor: z.array(z.string()),
    broken: z.object({ by: z.string(), at: z.string(), until: z.string() }).nullable(),
    adoptedBy: z.enum(['concurrence', 'silence']).nullable(),
  }),
  translations: z.array(translationSchema.pick({ language: true, status: true, title: true, preamble: true, clauses: true, at: true })),
  can: z.object({
    /** Change the text, decide amendments, run the silence procedure (the host's organisers, on its node). */
    draft: z.boolean(),
    /** Add translations of the adopted text (the host's organisers, on its node). */
    translate: z.boolean(),
    /** Release the adopted text publicly, or withdraw that release (the host's releasing officers, on its node). */
    publish: z.boolean(),
    /** Give the nation's positions (the nation's delegation head). */
    concur: z.boolean(),
    /** Propose amendments and comment (a participant's delegates). */
    amend: z.boolean(),
  }),
});
export type Statement = z.infer<typeof statementSchema>;
