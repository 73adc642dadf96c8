import { describe, expect, it } from 'vitest';
import { PARENT_KIND } from '../../../../shared/vocab/record-kinds';
import { LABELLED_TABLES } from '../../record-tables';
import { READ_THROUGH } from './read-through';

describe('kinds read through a parent', () => {
  it('name the same kinds as the shared list, with the tables of the child and of its parent', () => {
    expect(Object.keys(READ_THROUGH).sort()).toEqual(Object.keys(PARENT_KIND).sort());
    for (const [kind, link] of Object.entries(READ_THROUGH)) {
      expect(link.table).toBe(LABELLED_TABLES[kind as keyof typeof LABELLED_TABLES]);
      expect(link.parentTable).toBe(LABELLED_TABLES[PARENT_KIND[kind] as keyof typeof LABELLED_TABLES]);
    }
  });
});
