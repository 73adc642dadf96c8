import { CompiledQuery } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DiskFullWatch, isDiskFull } from './disk-full';

const query = (text: string) => CompiledQuery.raw(text);

describe('a full disk', () => {
  it('is recognised by SQLSTATE 53100, ENOSPC or PostgreSQL’s wording, and nothing else', () => {
    expect(isDiskFull({ code: '53100', message: 'could not write block' })).toBe(true);
    expect(isDiskFull(Object.assign(new Error('write failed'), { code: 'ENOSPC' }))).toBe(true);
    expect(isDiskFull(new Error('could not extend file "base/5/16384": No space left on device'))).toBe(true);
    expect(isDiskFull({ code: '57P01', message: 'terminating connection due to administrator command' })).toBe(false);
    expect(isDiskFull(new Error('duplicate key value violates unique constraint'))).toBe(false);
    expect(isDiskFull(null)).toBe(false);
    expect(isDiskFull(Object.assign(new Error('field "No space left on device" is unknown'), { statusCode: 400 }))).toBe(false);
  });

  it('is remembered from the failing statement until a commit succeeds, each change heard once', () => {
    const watch = new DiskFullWatch();
    const heard: (string | null)[] = [];
    watch.onChange((state) => heard.push(state ? state.detail : null));
    const error = { code: '53100', message: 'could not extend file "base/5/1": No space left on device' };
    watch.observe({ level: 'error', error, query: query('insert into notes …'), queryDurationMillis: 1 });
    watch.observe({ level: 'error', error, query: query('insert into notes …'), queryDurationMillis: 1 });
    watch.observe({ level: 'query', query: query('insert into notes …'), queryDurationMillis: 1 });
    expect(watch.current()?.detail).toMatch(/No space left/);
    watch.observe({ level: 'query', query: query('commit'), queryDurationMillis: 1 });
    expect(watch.current()).toBeNull();
    expect(heard).toEqual([error.message, null]);
  });
});
