import { describe, expect, it } from 'vitest';
import { commitmentsAddress, evidenceAddress, evidenceFromText, filtersFromSearch } from './commitment-address';

const ID = '0b7c6a52-3f1e-4c8e-9d2a-5e6f7a8b9c0d';

describe('the commitment list’s address', () => {
  it('reads the filters it holds and leaves out malformed ones', () => {
    expect(filtersFromSearch(`?meeting=${ID.toUpperCase()}&nation=KAZ&status=in-progress&overdue=true`)).toEqual({
      meetingId: ID,
      nation: 'KAZ',
      status: 'in-progress',
      overdue: true,
    });
    expect(filtersFromSearch('?meeting=x&nation=kaz&status=finished&overdue=yes')).toEqual({});
    expect(filtersFromSearch('')).toEqual({});
  });

  it('writes them back, and none as the bare list', () => {
    expect(commitmentsAddress({})).toBe('/commitments');
    expect(commitmentsAddress({ nation: 'KAZ', status: 'done' })).toBe('/commitments?nation=KAZ&status=done');
    const all = { meetingId: ID, nation: 'UZB', status: 'planned' as const, overdue: true };
    expect(filtersFromSearch(commitmentsAddress(all).slice('/commitments'.length))).toEqual(all);
  });
});

describe('a cited record', () => {
  it('is a bare id of the kind chosen', () => {
    expect(evidenceFromText(` ${ID} `, 'crisis')).toEqual({ kind: 'crisis', id: ID });
  });

  it('is a link to a record in the app, whose path says its kind', () => {
    expect(evidenceFromText(`https://pak.example/incidents/${ID}`, 'note')).toEqual({ kind: 'incident', id: ID });
    expect(evidenceFromText(`/statements/${ID}?x=1#clause`, 'note')).toEqual({ kind: 'statement', id: ID });
    expect(evidenceFromText(`/actors/${ID}/`, 'note')).toEqual({ kind: 'actor', id: ID });
    expect(evidenceAddress('crisis', ID)).toBe(`/crises/${ID}`);
  });

  it('is nothing else', () => {
    expect(evidenceFromText('', 'note')).toBeNull();
    expect(evidenceFromText('not an id', 'note')).toBeNull();
    expect(evidenceFromText(`/alerts/${ID}`, 'note')).toBeNull();
    expect(evidenceFromText(`/meetings/${ID}/edit`, 'note')).toBeNull();
  });
});
