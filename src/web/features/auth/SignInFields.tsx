import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import type { ReactNode } from 'react';
import type { UseMutationResult } from '@tanstack/react-query';
import type { SessionResponse, SignInRequest } from '../../../shared/contracts/auth';

/**
 * Username, password and — when the account needs one, or past the sign-in limit — the
 * authenticator code, with the answer's error: the sign-in page's form and the dialog that signs
 * in again in place.
 */
export function SignInFields({
  signIn,
  initialUsername = '',
  heading,
  footer,
}: {
  signIn: UseMutationResult<SessionResponse, Error, SignInRequest>;
  initialUsername?: string;
  heading?: ReactNode;
  footer?: ReactNode;
}) {
  const { t } = useTranslation();
  const [username, setUsername] = useState(initialUsername);
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const needsTotp = signIn.error instanceof ApiError && signIn.error.code === 'TOTP_REQUIRED';
  // Past the sign-in limit, an authenticator code still gets its holder in: offer the field.
  const throttled = signIn.error instanceof ApiError && signIn.error.code === 'TOO_MANY_REQUESTS';
  const [showTotp, setShowTotp] = useState(false);
  if ((needsTotp || throttled) && !showTotp) setShowTotp(true);

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        signIn.mutate({ username: username.trim(), password, ...(showTotp && totp ? { totp: totp.trim() } : {}) });
      }}
    >
      {heading}
      <label>
        {t('signIn.username')}
        <input
          name="username"
          autoComplete="username"
          required
          autoFocus={!initialUsername}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
      </label>
      <label>
        {t('signIn.password')}
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          autoFocus={Boolean(initialUsername)}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      {showTotp && (
        <label>
          {t('signIn.totp')}
          <input
            name="totp"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="\d{6}"
            required={!throttled}
            autoFocus
            value={totp}
            onChange={(e) => setTotp(e.target.value)}
          />
          <small>{t('signIn.totpHint')}</small>
        </label>
      )}
      {signIn.error && !(needsTotp && !totp) ? <ErrorMessage error={signIn.error} context="sign-in" /> : null}
      <button type="submit" disabled={signIn.isPending}>
        {signIn.isPending ? t('signIn.submitting') : t('signIn.submit')}
      </button>
      {footer}
    </form>
  );
}
