import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useSignIn } from '../../api/session';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LanguagePicker } from '../shell/LanguagePicker';

export function SignInPage() {
  const { t } = useTranslation();
  const signIn = useSignIn();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const needsTotp = signIn.error instanceof ApiError && signIn.error.code === 'TOTP_REQUIRED';
  // Past the sign-in limit, an authenticator code still gets its holder in: offer the field.
  const throttled = signIn.error instanceof ApiError && signIn.error.code === 'TOO_MANY_REQUESTS';
  const [showTotp, setShowTotp] = useState(false);
  if ((needsTotp || throttled) && !showTotp) setShowTotp(true);

  return (
    <main className="sign-in" id="main">
      <h1>{t('app.name')}</h1>
      <p className="tagline">{t('app.tagline')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          signIn.mutate({ username: username.trim(), password, ...(showTotp && totp ? { totp: totp.trim() } : {}) });
        }}
      >
        <h2>{t('signIn.title')}</h2>
        <label>
          {t('signIn.username')}
          <input
            name="username"
            autoComplete="username"
            required
            autoFocus
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
        {signIn.error && !(needsTotp && !totp) ? <ErrorMessage error={signIn.error} /> : null}
        <button type="submit" disabled={signIn.isPending}>
          {signIn.isPending ? t('signIn.submitting') : t('signIn.submit')}
        </button>
        <p className="hint">{t('signIn.demoHint')}</p>
      </form>
      <LanguagePicker />
    </main>
  );
}
