import { describe, expect, it } from 'vitest';
import { redactedUrl, requestForLog } from './log-redaction';

describe('the request log', () => {
  it('names a calendar subscription’s path without its token', () => {
    const token = 'A'.repeat(43);
    expect(redactedUrl(`/calendar/${token}.ics`)).toBe('/calendar/[subscription]');
    expect(redactedUrl(`/calendar/${token}.ics?x=1`)).toBe('/calendar/[subscription]?x=1');
    expect(requestForLog({ method: 'GET', url: `/calendar/${token}.ics`, ip: '127.0.0.1' })).toMatchObject({
      method: 'GET',
      url: '/calendar/[subscription]',
      remoteAddress: '127.0.0.1',
    });
  });

  it('leaves other paths as they are', () => {
    expect(redactedUrl('/api/calendar/download?from=2026-01-01')).toBe('/api/calendar/download?from=2026-01-01');
    expect(redactedUrl('/calendar')).toBe('/calendar');
  });
});
