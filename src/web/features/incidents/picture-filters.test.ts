import { describe, expect, it } from 'vitest';
import { incidentFilterQuerySchema } from '../../../shared/contracts/incidents';
import { DOMAIN_COLOURS, DOMAINS, filtersFromSearch, PICTURE_FILTER_KEYS, searchOf } from './picture-filters';

describe('picture filters in the address', () => {
  it('use the list query parameter names, without the viewport', () => {
    expect(PICTURE_FILTER_KEYS).toEqual(Object.keys(incidentFilterQuerySchema.shape).filter((key) => key !== 'bbox'));
  });

  it('read back what they wrote, ignoring unknown parameters and the order given', () => {
    const filters = filtersFromSearch('?zoom=3&q=border+post&domain=cyber&from=2026-01-01T00:00:00.000Z');
    expect(filters).toEqual({ domain: 'cyber', q: 'border post', from: '2026-01-01T00:00:00.000Z' });
    expect(searchOf(filters)).toBe('?domain=cyber&from=2026-01-01T00%3A00%3A00.000Z&q=border+post');
    expect(searchOf({})).toBe('');
  });

  it('give every domain its own colour', () => {
    expect(new Set(DOMAINS.map((d) => DOMAIN_COLOURS[d])).size).toBe(DOMAINS.length);
  });
});
