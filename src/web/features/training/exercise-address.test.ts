import { describe, expect, it } from 'vitest';
import { exerciseFiltersFromSearch, exercisesAddress } from './exercise-address';

describe('the exercise list’s address', () => {
  it('reads the filters it holds and leaves out malformed ones', () => {
    expect(exerciseFiltersFromSearch('?status=planning&nation=KAZ')).toEqual({ status: 'planning', nation: 'KAZ' });
    expect(exerciseFiltersFromSearch('?status=finished&nation=kaz')).toEqual({});
    expect(exerciseFiltersFromSearch('')).toEqual({});
  });

  it('writes them back, and none as the bare list', () => {
    expect(exercisesAddress({})).toBe('/exercises');
    expect(exercisesAddress({ status: 'approved' })).toBe('/exercises?status=approved');
    const both = { status: 'concept' as const, nation: 'UZB' };
    expect(exerciseFiltersFromSearch(exercisesAddress(both).slice('/exercises'.length))).toEqual(both);
  });
});
