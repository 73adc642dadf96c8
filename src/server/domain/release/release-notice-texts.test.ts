import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../shared/contracts/auth';
import { releaseNoticeLine, releaseNoticeMail, releaseNoticePush } from './release-notice-texts';

describe('release notice texts', () => {
  it('count in every language the app speaks, never in English but for English', () => {
    for (const language of LANGUAGES) {
      for (const count of [1, 2, 5, 21]) {
        const line = releaseNoticeLine(language, count);
        expect(line).toContain(String(count));
        if (language !== 'en') expect(line).not.toMatch(/draft/);
      }
    }
  });

  it('follow each language’s plural forms', () => {
    expect(releaseNoticeLine('en', 1)).toBe('1 new draft awaits your release.');
    expect(releaseNoticeLine('en', 2)).toBe('2 new drafts await your release.');
    expect(releaseNoticeLine('ru', 1)).toBe('1 новый черновик ожидает вашего выпуска.');
    expect(releaseNoticeLine('ru', 21)).toBe('21 новый черновик ожидает вашего выпуска.');
    expect(releaseNoticeLine('ru', 3)).toBe('3 новых черновика ожидают вашего выпуска.');
    expect(releaseNoticeLine('ru', 5)).toBe('5 новых черновиков ожидают вашего выпуска.');
  });

  it('fall back to English for a language the node does not know, and carry the queue link', () => {
    expect(releaseNoticeLine('fr', 2)).toBe(releaseNoticeLine('en', 2));
    expect(releaseNoticePush('ur', 2)).toMatchObject({ url: '/release', body: releaseNoticeLine('ur', 2) });
    expect(releaseNoticeMail('kk', 2, 'https://node.example/release').body).toContain('https://node.example/release');
  });
});
