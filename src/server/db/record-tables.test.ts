import { describe, expect, it } from 'vitest';
import { RELEASABLE_KINDS as RELEASE_QUEUE_KINDS } from '../../shared/contracts/release-queue';
import { PARENT_KIND } from '../../shared/vocab/record-kinds';
import { RECORD_TABLES, RELEASABLE_KINDS } from './record-tables';

describe('the record tables', () => {
  it('agree with what the web app is told: the kinds with the release workflow, and the parents', () => {
    expect([...RELEASABLE_KINDS].sort()).toEqual([...RELEASE_QUEUE_KINDS].sort());
    const parents = Object.fromEntries(
      Object.entries(RECORD_TABLES).flatMap(([kind, t]) => ('parent' in t ? [[kind, t.parent.kind]] : [])),
    );
    expect(parents).toEqual(PARENT_KIND);
  });

  it('give each table to one kind only', () => {
    const tables = Object.values(RECORD_TABLES).map((t) => t.table);
    expect(new Set(tables).size).toBe(tables.length);
  });
});
