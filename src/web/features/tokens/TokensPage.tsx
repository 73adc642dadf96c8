import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateToken, useRevokeToken, useTokens } from '../../api/tokens';
import { ErrorMessage } from '../../components/ErrorMessage';
import { scopesAvailableTo } from '../../../shared/vocab/token-scopes';
import type { SessionResponse } from '../../../shared/contracts/auth';
import type { TokenCreated } from '../../../shared/contracts/directory';
import type { TokenScope } from '../../../shared/vocab/token-scopes';
import { formatMoment } from '../../../shared/time/format-moment';

/**
 * The signed-in person's API tokens: each with what it may be used for (its scopes), made here
 * with the scopes chosen — only a signed-in person makes tokens — and revoked at once.
 */
export function TokensPage({ session }: { session: SessionResponse }) {
  const { t, i18n } = useTranslation();
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const when = (at: string) => formatMoment(at, i18n.language);
  return (
    <section>
      <h1>{t('tokens.title')}</h1>
      <p className="muted">{t('tokens.intro')}</p>
      <ErrorMessage error={tokens.error ?? revoke.error} />
      {tokens.data && tokens.data.items.length === 0 && <p className="empty">{t('tokens.none')}</p>}
      {tokens.data && tokens.data.items.length > 0 && (
        <table data-testid="tokens">
          <thead>
            <tr>
              <th>{t('tokens.name')}</th>
              <th>{t('tokens.scopes')}</th>
              <th>{t('tokens.created')}</th>
              <th>{t('tokens.expires')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.data.items.map((token) => (
              <tr key={token.id}>
                <td>{token.name}</td>
                <td>{token.scopes.join(', ')}</td>
                <td>{when(token.createdAt)}</td>
                <td>{when(token.expiresAt)}</td>
                <td>
                  {token.revoked ? (
                    <span className="status">{t('tokens.revoked')}</span>
                  ) : (
                    <button
                      type="button"
                      disabled={revoke.isPending}
                      onClick={() => {
                        if (window.confirm(t('tokens.confirmRevoke', { name: token.name }))) revoke.mutate(token.id);
                      }}
                    >
                      {t('tokens.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CreateTokenForm session={session} />
    </section>
  );
}

function CreateTokenForm({ session }: { session: SessionResponse }) {
  const { t } = useTranslation();
  const create = useCreateToken();
  const available = scopesAvailableTo(session.user.roles);
  const [name, setName] = useState('');
  const [days, setDays] = useState(90);
  const [scopes, setScopes] = useState<TokenScope[]>(['read']);
  const [created, setCreated] = useState<TokenCreated | null>(null);
  const toggle = (scope: TokenScope, on: boolean) => setScopes((now) => (on ? [...now, scope] : now.filter((s) => s !== scope)));
  return (
    <form
      aria-label={t('tokens.create')}
      onSubmit={(event) => {
        event.preventDefault();
        setCreated(null);
        create.mutate({ name: name.trim(), expiresInDays: days, scopes }, { onSuccess: (token) => setCreated(token) });
      }}
    >
      <h2>{t('tokens.create')}</h2>
      <label>
        {t('tokens.name')}
        <input name="name" required maxLength={80} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {t('tokens.days')}
        <input type="number" name="days" min={1} max={365} required value={days} onChange={(e) => setDays(Number(e.target.value))} />
      </label>
      <fieldset>
        <legend>{t('tokens.scopes')}</legend>
        {available.map((scope) => (
          <label key={scope} className="checkbox">
            <input
              type="checkbox"
              name="scope"
              value={scope}
              checked={scopes.includes(scope)}
              onChange={(e) => toggle(scope, e.target.checked)}
            />
            <strong>{scope}</strong> — {t(`tokens.scope.${scope}`)}
          </label>
        ))}
      </fieldset>
      <ErrorMessage error={create.error} />
      <button type="submit" disabled={create.isPending || scopes.length === 0}>
        {t('tokens.create')}
      </button>
      {created && (
        <div className="created" role="status">
          <p>{t('tokens.shownOnce', { name: created.name, scopes: created.scopes.join(', ') })}</p>
          <input readOnly className="invite" aria-label={t('tokens.secret')} value={created.token} data-testid="new-token" />
        </div>
      )}
    </form>
  );
}
