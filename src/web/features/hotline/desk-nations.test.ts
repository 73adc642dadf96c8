import { describe, expect, it } from 'vitest';
import { followDesks } from './desk-nations';

describe('choosing desks for an alert', () => {
  it('releases the label to each chosen desk’s nation, but not to the sender’s own', () => {
    expect(followDesks({ relTo: [] }, [], ['KAZ', 'PAK', 'KAZ'], 'PAK')).toEqual({ relTo: ['KAZ'], addedForDesks: ['KAZ'] });
  });

  it('takes off a nation ticked only for a desk no longer chosen, and keeps nations the person ticked', () => {
    const chosen = followDesks({ relTo: ['TJK'] }, [], ['KAZ', 'TJK'], 'PAK');
    expect(chosen).toEqual({ relTo: ['TJK', 'KAZ'], addedForDesks: ['KAZ'] });
    expect(followDesks({ relTo: chosen.relTo }, chosen.addedForDesks, [], 'PAK')).toEqual({ relTo: ['TJK'], addedForDesks: [] });
  });

  it('ticks again, when desks change, a nation taken off by hand while its desk stays chosen', () => {
    expect(followDesks({ relTo: [] }, ['KAZ'], ['KAZ', 'TJK'], 'PAK')).toEqual({ relTo: ['KAZ', 'TJK'], addedForDesks: ['KAZ', 'TJK'] });
  });
});
