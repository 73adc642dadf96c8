import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { statementDocumentSchema } from '../../../shared/contracts/statements';
import { identityFromKeyFile, newNodeKeys } from '../node/node-keys';
import { omitEmpty } from '../stix/stix-omit-empty';
import {
  clauseDigest,
  entrySignatureHolds,
  keyFingerprint,
  positionPayload,
  signDocument,
  signedBy,
  textDigest,
  verifyStatementDocument,
  wordPayload,
} from './statement-document';
import type { StatementDocument } from '../../../shared/contracts/statements';

const host = identityFromKeyFile(newNodeKeys('pak-node'), 'PAK');
const kazNode = identityFromKeyFile(newNodeKeys('kaz-node'), 'KAZ');
const text = {
  id: crypto.randomUUID(),
  title: 'Joint statement',
  preamble: '',
  clauses: [{ id: crypto.randomUUID(), version: 2, text: 'We cooperate.' }],
};
const digest = textDigest(text);

function positionOf(nation: string, by: typeof host, clause: string | null, stance: 'concur' | 'reservation', reservation = '') {
  const fields = {
    clause,
    ofVersion: clause === null ? 3 : 2,
    digest: clause === null ? digest : clauseDigest(text.id, text.clauses[0]!),
    stance,
    reservation,
    reason: '',
    givenAt: '2026-12-01T10:00:00.000Z',
  };
  return { nation, ...fields, ...signedBy(by, positionPayload(text.id, nation, fields)) };
}

function adopted(how: 'concurrence' | 'silence'): StatementDocument {
  const word = { silenceUntil: '2026-12-02T00:00:00.000Z', ofVersion: 3, digest, signedAt: '2026-12-02T00:00:05.000Z' };
  return signDocument(
    {
      format: 'concord-statement/1',
      statement: {
        id: text.id,
        title: text.title,
        preamble: text.preamble,
        host: 'PAK',
        participants: ['KAZ', 'PAK'],
        meeting: {
          id: crypto.randomUUID(),
          title: 'Talks',
          startsAt: '2026-12-01T04:00:00.000Z',
          endsAt: '2026-12-01T12:00:00.000Z',
          place: 'online',
        },
        adoptedAt: '2026-12-02T00:01:00.000Z',
        adoptedBy: how,
        textVersion: 3,
      },
      clauses: text.clauses,
      digest,
      positions: [
        positionOf('PAK', host, null, 'concur'),
        ...(how === 'concurrence'
          ? [positionOf('KAZ', kazNode, null, 'concur'), positionOf('KAZ', kazNode, text.clauses[0]!.id, 'reservation', 'As KAZ reads it.')]
          : []),
      ],
      words: how === 'silence' ? [{ nation: 'KAZ', ...word, ...signedBy(kazNode, wordPayload(text.id, 'KAZ', word)) }] : [],
    },
    'PAK',
    host,
  );
}

/** The document as a partner receives it: null properties and empty lists left out on the wire, read back through the schema. */
const overTheWire = (doc: StatementDocument) => statementDocumentSchema.parse(JSON.parse(JSON.stringify(omitEmpty(doc))));

describe('signed statements', () => {
  it('verify as signed, and after the wire left out their empty parts', () => {
    for (const how of ['concurrence', 'silence'] as const) {
      const doc = adopted(how);
      expect(verifyStatementDocument(doc)).toMatchObject({ ok: true, problems: [] });
      expect(verifyStatementDocument(overTheWire(doc)).problems).toEqual([]);
    }
  });

  it('name each signing node’s key with a fingerprint to compare with the partner’s published one', () => {
    const check = verifyStatementDocument(adopted('concurrence'));
    expect(check.keys.map((k) => [k.nation, k.node, k.fingerprint])).toEqual([
      ['PAK', 'pak-node', keyFingerprint(host.publicKey)],
      ['KAZ', 'kaz-node', keyFingerprint(kazNode.publicKey)],
    ]);
    expect(keyFingerprint(host.publicKey)).toMatch(/^[0-9a-f]{4}(:[0-9a-f]{4}){3}$/);
  });

  it('fail once anything is changed: the text, a position, a word, a participant left without one', () => {
    const doc = adopted('concurrence');
    const reworded = structuredClone(doc);
    reworded.clauses[0]!.text = 'We cooperate fully.';
    expect(verifyStatementDocument(reworded).problems).toContain('the text does not match its digest');

    // Re-signed by the host after changing KAZ's reservation: the host's signature holds, KAZ's does not.
    const { host: _h, signature: _s, ...body } = structuredClone(doc);
    body.positions[2]!.reservation = 'Nothing reserved.';
    const forged = verifyStatementDocument(signDocument(body, 'PAK', host));
    expect(forged.problems).toEqual(['KAZ: the signature on its position on clause ' + text.clauses[0]!.id + ' does not hold']);

    const { host: _h2, signature: _s2, ...missing } = structuredClone(doc);
    missing.positions = missing.positions.filter((p) => p.nation !== 'KAZ');
    expect(verifyStatementDocument(signDocument(missing, 'PAK', host)).problems).toEqual(['KAZ: no concurrence on the whole text']);

    const silent = adopted('silence');
    const { host: _h3, signature: _s3, ...early } = structuredClone(silent);
    early.words[0]!.signedAt = '2026-12-01T23:00:00.000Z';
    expect(verifyStatementDocument(signDocument(early, 'PAK', host)).problems).toEqual([
      'KAZ: its word is dated before the silence ended',
      'KAZ: the signature on its word does not hold',
    ]);
  });

  it('check a single entry against the key it names', () => {
    const p = positionOf('KAZ', kazNode, null, 'concur');
    const entry = { ...p, type: 'position' as const, id: crypto.randomUUID(), by: 'KAZ head' };
    expect(entrySignatureHolds(text.id, 'KAZ', entry)).toBe(true);
    expect(entrySignatureHolds(text.id, 'UZB', entry)).toBe(false);
    expect(entrySignatureHolds(text.id, 'KAZ', { ...entry, signer: { node: 'kaz-node', key: host.publicKey } })).toBe(false);
  });
});
