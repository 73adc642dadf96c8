/**
 * What a nation's node signs when the nation takes a position on a joint statement, and the
 * adopted statement as a document anyone can check offline — with `concord statement verify`, or
 * any Ed25519 and RFC 8785 (JSON canonicalization) implementation, outside Concord too.
 *
 * - A digest (SHA-256, hex) names exactly what a position is on: a clause's id, version and text;
 *   or, for the whole, the statement's id, title, preamble and every clause in order.
 * - A position (or a no-objection word at the end of a silence) is signed by the node that speaks
 *   for the nation, over the canonical JSON of its payload (`positionPayload`, `wordPayload`); the
 *   entry carries the signer's node id and public key.
 * - The adopted document holds the text, its digest, the positions that adopted it (each as its
 *   nation signed it) and the host node's signature over the whole.
 *
 * No database and no server here: the command line verifies a file with this alone.
 */
import crypto from 'node:crypto';
import canonicalize from 'canonicalize';
import { verifySignature } from '../node/node-keys';
import { statementDocumentSchema } from '../../../shared/contracts/statements';
import type { Clause, PositionEntry, StatementDocument, Translation, WordEntry } from '../../../shared/contracts/statements';

/** The statement's text: what the whole-text digest covers. */
export interface StatementText {
  id: string;
  title: string;
  preamble: string;
  clauses: readonly Pick<Clause, 'id' | 'version' | 'text'>[];
}

interface Signing {
  nodeId: string;
  publicKey: string;
  sign(data: Buffer | string): string;
}

const canonical = (value: unknown) => canonicalize(value) ?? '';
const sha256 = (value: unknown) => crypto.createHash('sha256').update(canonical(value), 'utf8').digest('hex');

export const clauseDigest = (statementId: string, clause: Pick<Clause, 'id' | 'version' | 'text'>) =>
  sha256({ statement: statementId, clause: clause.id, version: clause.version, text: clause.text });

export const textDigest = (text: StatementText) =>
  sha256({
    statement: text.id,
    title: text.title,
    preamble: text.preamble,
    clauses: text.clauses.map((c) => ({ id: c.id, version: c.version, text: c.text })),
  });

type PositionFields = Omit<PositionEntry, 'type' | 'id' | 'by' | 'signer' | 'signature'>;
type WordFields = Omit<WordEntry, 'type' | 'id' | 'signer' | 'signature'>;

/** What a position's signature covers: the statement, the nation, what it is on (digest) and what it says. */
export const positionPayload = (statementId: string, nation: string, p: PositionFields) => ({
  concord: 'statement-position/1',
  statement: statementId,
  nation,
  clause: p.clause,
  ofVersion: p.ofVersion,
  digest: p.digest,
  stance: p.stance,
  reservation: p.reservation,
  reason: p.reason,
  givenAt: p.givenAt,
});

/** What a no-objection word's signature covers. */
export const wordPayload = (statementId: string, nation: string, w: WordFields) => ({
  concord: 'statement-silence-word/1',
  statement: statementId,
  nation,
  silenceUntil: w.silenceUntil,
  ofVersion: w.ofVersion,
  digest: w.digest,
  signedAt: w.signedAt,
});

/** The signer's fields of an entry, over `payload`. */
export function signedBy(node: Signing, payload: object) {
  return { signer: { node: node.nodeId, key: node.publicKey }, signature: node.sign(canonical(payload)) };
}

/** What a translation's signature covers: the statement, the original it translates (its digest) and the translated text. */
export const translationPayload = (statementId: string, t: Omit<Translation, 'signer' | 'signature'>) => ({
  concord: 'statement-translation/1',
  statement: statementId,
  language: t.language,
  status: t.status,
  title: t.title,
  preamble: t.preamble,
  clauses: t.clauses.map((c) => ({ id: c.id, text: c.text })),
  of: t.of,
  at: t.at,
});

export const translationSignatureHolds = (statementId: string, t: Translation) =>
  verifySignature(t.signer.key, canonical(translationPayload(statementId, t)), t.signature);

/** Whether a nation's position or word was signed, as it stands, by the key it names. */
export function entrySignatureHolds(statementId: string, nation: string, entry: PositionEntry | WordEntry): boolean {
  const payload = entry.type === 'position' ? positionPayload(statementId, nation, entry) : wordPayload(statementId, nation, entry);
  return verifySignature(entry.signer.key, canonical(payload), entry.signature);
}

// ---- The adopted document ----

/** The adopted document, signed by the host's node. */
export function signDocument(
  unsigned: Omit<StatementDocument, 'host' | 'signature'>,
  hostNation: string,
  node: Signing,
): StatementDocument {
  const host = { nation: hostNation, node: node.nodeId, key: node.publicKey };
  const body = { ...unsigned, host };
  return { ...body, signature: node.sign(canonical(body)) };
}

export interface Verification {
  ok: boolean;
  /** What does not hold, one line each (empty when `ok`). */
  problems: string[];
  /** The signing nodes' keys, for comparing with the keys the partners published. */
  keys: { nation: string; node: string; key: string; fingerprint: string }[];
  document?: StatementDocument;
}

/** A key's fingerprint: SHA-256 of its text, first 16 hex digits in groups of four. */
export const keyFingerprint = (key: string) =>
  (crypto.createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 16).match(/.{4}/g) ?? []).join(':');

/**
 * Checks a signed statement: its form, the host's signature over all of it, the digests of its
 * text and clauses, every nation's signature on its position or word, and that every participant
 * concurs on the whole (adopted by concurrence) or gave its word after the deadline (under silence).
 */
export function verifyStatementDocument(input: unknown): Verification {
  const parsed = statementDocumentSchema.safeParse(input);
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `not a signed statement: ${i.path.join('.') || '(document)'}: ${i.message}`),
      keys: [],
    };
  const doc = parsed.data;
  const problems: string[] = [];
  const { signature, ...body } = doc;
  if (!verifySignature(doc.host.key, canonical(body), signature))
    problems.push('the host node’s signature does not hold: the document was altered');
  const s = doc.statement;
  if (doc.host.nation !== s.host) problems.push(`signed by a node of ${doc.host.nation}, not of the host ${s.host}`);
  const wholeDigest = textDigest({ id: s.id, title: s.title, preamble: s.preamble, clauses: doc.clauses });
  if (wholeDigest !== doc.digest) problems.push('the text does not match its digest');
  const clauses = new Map(doc.clauses.map((c) => [c.id, c]));
  for (const p of doc.positions) {
    const on = p.clause === null ? null : clauses.get(p.clause);
    if (p.clause !== null && !on) problems.push(`${p.nation}: a position on a clause the text does not hold (${p.clause})`);
    const expected = p.clause === null ? wholeDigest : on ? clauseDigest(s.id, on) : '';
    if (p.digest !== expected) problems.push(`${p.nation}: a position given on another text than this one`);
    if (!entrySignatureHolds(s.id, p.nation, { ...p, type: 'position', id: crypto.randomUUID(), by: '' }))
      problems.push(
        `${p.nation}: the signature on its position ${p.clause === null ? 'on the whole' : `on clause ${p.clause}`} does not hold`,
      );
  }
  for (const w of doc.words) {
    if (w.digest !== wholeDigest) problems.push(`${w.nation}: a word given on another text than this one`);
    if (w.signedAt < w.silenceUntil) problems.push(`${w.nation}: its word is dated before the silence ended`);
    if (!entrySignatureHolds(s.id, w.nation, { ...w, type: 'word', id: crypto.randomUUID() }))
      problems.push(`${w.nation}: the signature on its word does not hold`);
  }
  for (const nation of s.participants) {
    const whole = doc.positions.find((p) => p.nation === nation && p.clause === null);
    const agreed = whole !== undefined && whole.stance !== 'non-concur';
    if (s.adoptedBy === 'concurrence' && !agreed) problems.push(`${nation}: no concurrence on the whole text`);
    if (s.adoptedBy === 'silence' && nation !== s.host && !agreed && !doc.words.some((w) => w.nation === nation))
      problems.push(`${nation}: neither a concurrence nor a word after the silence`);
  }
  const keys = new Map<string, { nation: string; node: string; key: string }>();
  keys.set(`${doc.host.nation} ${doc.host.key}`, doc.host);
  for (const e of [...doc.positions, ...doc.words]) keys.set(`${e.nation} ${e.signer.key}`, { nation: e.nation, ...e.signer });
  return {
    ok: problems.length === 0,
    problems,
    keys: [...keys.values()].map((k) => ({ ...k, fingerprint: keyFingerprint(k.key) })),
    document: doc,
  };
}
