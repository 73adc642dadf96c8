import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../contracts/auth';
import { formatLocal, formatLocalDate, formatMoment, formatUtc, formatUtcDate, monthNames } from './format-moment';

const at = '2026-05-12T03:04:59.000Z';

describe('moments', () => {
  it('writes UTC in ISO order, the same in every language', () => {
    expect(formatUtc(at)).toBe('2026-05-12 03:04 UTC');
    expect(formatUtc(new Date(at))).toBe('2026-05-12 03:04 UTC');
    expect(formatUtcDate(at)).toBe('2026-05-12');
  });

  it('writes the local time with the month as a word in each language and the offset named', () => {
    const local = (language: string) => formatLocal(at, language, 'Asia/Karachi');
    expect(local('en')).toBe('12 May 2026, 08:04 UTC+05:00');
    expect(local('ru')).toBe('12 мая 2026, 08:04 UTC+05:00');
    expect(local('ur')).toBe('12 مئی 2026, 08:04 UTC+05:00');
    expect(local('uz')).toBe('12-may 2026, 08:04 UTC+05:00');
    expect(local('kk')).toBe('12 мамыр 2026, 08:04 UTC+05:00');
    expect(local('ky')).toBe('12-май 2026, 08:04 UTC+05:00');
    expect(local('tg')).toBe('12 майи 2026, 08:04 UTC+05:00');
    expect(formatLocal(at, 'en', 'America/St_Johns')).toBe('12 May 2026, 00:34 UTC−02:30');
    expect(formatLocalDate(at, 'ru', 'America/New_York')).toBe('11 мая 2026');
  });

  it('never writes a bare numeric day/month', () => {
    for (const language of LANGUAGES) {
      expect(formatMoment(at, language, 'Asia/Dushanbe')).not.toMatch(/\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b/);
      expect(monthNames(language)).toHaveLength(12);
    }
  });

  it('puts the local time beside UTC for plain text, and only UTC where the two are the same', () => {
    expect(formatMoment(at, 'kk', 'Asia/Almaty')).toBe('2026-05-12 03:04 UTC (12 мамыр 2026, 08:04 UTC+05:00)');
    expect(formatMoment(at, 'en', 'UTC')).toBe('2026-05-12 03:04 UTC');
  });
});
