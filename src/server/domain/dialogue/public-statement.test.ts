import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { publicFeed, publicHtml, publicText } from './public-statement';
import type { StatementRow } from '../../db/repositories/statement-repository';

const hostile = 'T ]]> x ]]><link rel="alternate" href="https://evil.example/"/><![CDATA[ <img src=x onerror=alert(1)>';

/** A released statement whose title and clause carry markup meant to break out of the page and the feed. */
function released(): StatementRow {
  const id = crypto.randomUUID();
  const clause = { id: crypto.randomUUID(), version: 1, text: `${hostile} & more` };
  return {
    id,
    language: 'en',
    translations: [],
    public_at: new Date('2026-12-07T00:00:00Z'),
    adopted: {
      format: 'concord-statement/1',
      statement: {
        id,
        title: hostile,
        preamble: '',
        host: 'PAK',
        participants: ['KAZ', 'PAK'],
        meeting: { id: crypto.randomUUID(), title: 'Secret talks', startsAt: '', endsAt: '', place: 'Somewhere' },
        adoptedAt: '2026-12-06T00:00:00.000Z',
        adoptedBy: 'concurrence',
        textVersion: 1,
      },
      clauses: [clause],
      digest: '0'.repeat(64),
      positions: [],
      words: [],
      host: { nation: 'PAK', node: 'n', key: `ed25519:${'A'.repeat(43)}=` },
      signature: '',
    },
  } as unknown as StatementRow;
}

describe('public statements', () => {
  it('escape every text in the Atom feed: nothing closes a CDATA section or adds an element', () => {
    const feed = publicFeed([released()], 'https://node.example', 'node-1');
    expect(feed).not.toContain('evil.example/"/>');
    expect(feed).not.toContain('<img');
    // The feed's own link and the entry's, no third.
    expect(feed.match(/<link /g)?.length).toBe(2);
    expect(feed).toContain('T ]]&gt; x ]]&gt;&lt;link');
  });

  it('escape every text in the page, and show nothing of the meeting', () => {
    const page = publicHtml(publicText(released())!);
    expect(page).not.toContain('<img');
    expect(page).not.toContain('Secret talks');
    expect(page).not.toContain('Somewhere');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; more');
  });
});
