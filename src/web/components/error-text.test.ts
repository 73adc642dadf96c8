import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { errorText } from './error-text';
import en from '../i18n/locales/en.json';
import ru from '../i18n/locales/ru.json';
import type { TFunction } from 'i18next';

let english: TFunction;
let russian: TFunction;
beforeAll(async () => {
  const make = async (lng: string) => {
    const instance = i18next.createInstance();
    await instance.init({ resources: { en: { translation: en }, ru: { translation: ru } }, lng, fallbackLng: 'en' });
    return instance.t;
  };
  english = await make('en');
  russian = await make('ru');
});

const wrongPassword = new ApiError(
  401,
  'UNAUTHENTICATED',
  'The username or password is wrong: check both (is Caps Lock on?) and try again.',
);
const wrongCode = new ApiError(401, 'UNAUTHENTICATED', 'The authenticator code is wrong, expired or already used; enter the next one.');

describe('error texts', () => {
  it('say a wrong password or code plainly, with what to do, and nothing in front', () => {
    const text = errorText(wrongPassword, english, 'sign-in');
    expect(text.headline).toBe('The username or password is wrong. Check both (is Caps Lock on?) and try again.');
    expect(text.detail).toBeNull();
    expect(errorText(wrongCode, english, 'sign-in').headline).toMatch(/^The authenticator code is wrong.*enter it\.$/);
    expect(errorText(wrongPassword, russian, 'sign-in').headline).toMatch(/^Неверное имя пользователя или пароль/);
  });

  it('say a locked sign-in, a stale edit, a too large request and too many requests in the reader language, keeping the server detail', () => {
    const locked = errorText(new ApiError(429, 'TOO_MANY_REQUESTS', 'Too many failed sign-ins for this username: …'), russian, 'sign-in');
    expect(locked.headline).toMatch(/^Вход приостановлен/);
    expect(locked.detail).toMatch(/^Too many failed sign-ins/);
    const stale = errorText(
      new ApiError(409, 'CONFLICT', 'The incident changed since you read it: you sent version 2, it is at version 3 now.'),
      english,
    );
    expect(stale.headline).toBe('Someone changed this since you opened it. Reload to see their change, then make yours again.');
    expect(stale.detail).toMatch(/version 3/);
    expect(errorText(new ApiError(413, 'PAYLOAD_TOO_LARGE', 'too large'), russian).headline).toMatch(/Отправьте меньше записей/);
    expect(errorText(new ApiError(429, 'TOO_MANY_REQUESTS', 'slow down'), english).headline).toBe(
      'Too many requests in a short time. Wait a minute and try again.',
    );
  });

  it('show a validation message as the server wrote it, with its issues, and an unreachable node as such', () => {
    const issues = [
      { path: 'title', message: 'Give the incident a title.' },
      { path: 'occurredAt', message: 'A date-time.' },
    ];
    const invalid = errorText(new ApiError(400, 'VALIDATION_FAILED', 'Fix the title and the time.', issues), english);
    expect(invalid).toEqual({ headline: 'Fix the title and the time.', detail: null, issues });
    expect(errorText(new TypeError('Failed to fetch'), english).headline).toMatch(/^The node cannot be reached/);
    for (const error of [wrongPassword, new TypeError('x'), new Error('boom')])
      expect(errorText(error, english, 'sign-in').headline).not.toMatch(/Something went wrong/);
  });
});
