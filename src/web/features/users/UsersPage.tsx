import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDirectory } from '../../api/notes';
import {
  useAddUser,
  useClearanceGrants,
  useDecideGrant,
  useDisableUser,
  useEnableUser,
  useResetTotp,
  useUpdateUser,
  useUsers,
} from '../../api/users';
import { ErrorMessage } from '../../components/ErrorMessage';
import { CLASSIFICATION_LEVELS, classificationRank } from '../../../shared/vocab/levels';
import { ROLES } from '../../../shared/vocab/roles';
import type { SessionResponse } from '../../../shared/contracts/auth';
import type { UserSummary } from '../../../shared/contracts/directory';
import type { Classification } from '../../../shared/vocab/levels';
import type { Role } from '../../../shared/vocab/roles';
import './users.css';
import { Moment } from '../../components/Moment';

/**
 * For node administrators: the nation's accounts, SECRET clearances waiting for a second
 * administrator (approve or refuse one someone else asked for), changing an account's clearance
 * and caveats, and adding accounts — offering only the clearances and caveats the administrator
 * holds (the server refuses anything beyond).
 */
export function UsersPage({ session }: { session: SessionResponse }) {
  const { t } = useTranslation();
  if (!session.permissions.includes('user.manage')) return <p>{t('users.adminsOnly')}</p>;
  return (
    <section>
      <h1>{t('users.title')}</h1>
      <PendingGrants session={session} />
      <Accounts session={session} />
      <AddAccountForm session={session} />
    </section>
  );
}

/** The levels an administrator may grant: up to their own clearance. */
const grantableLevels = (session: SessionResponse) =>
  CLASSIFICATION_LEVELS.filter((level) => classificationRank(level) <= classificationRank(session.user.clearance));

function PendingGrants({ session }: { session: SessionResponse }) {
  const { t } = useTranslation();
  const grants = useClearanceGrants();
  const decide = useDecideGrant();
  return (
    <>
      <h2>{t('users.pending')}</h2>
      <p className="muted">{t('users.pendingHint')}</p>
      <ErrorMessage error={grants.error ?? decide.error} />
      {grants.data && grants.data.items.length === 0 && <p className="empty">{t('users.noPending')}</p>}
      {grants.data && grants.data.items.length > 0 && (
        <table className="incident-table" data-testid="pending-grants">
          <thead>
            <tr>
              <th>{t('users.account')}</th>
              <th>{t('users.holds')}</th>
              <th>{t('users.asked')}</th>
              <th>{t('users.askedBy')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {grants.data.items.map((grant) => {
              const own = grant.requestedBy === session.user.username;
              return (
                <tr key={grant.id}>
                  <td>
                    {grant.displayName} ({grant.username})
                  </td>
                  <td>{grant.currentClearance}</td>
                  <td>{grant.clearance}</td>
                  <td>
                    {grant.requestedBy}, <Moment at={grant.requestedAt} />
                  </td>
                  <td>
                    <button
                      type="button"
                      disabled={own || decide.isPending}
                      title={own ? t('users.notOwn') : undefined}
                      onClick={() => decide.mutate({ id: grant.id, decision: 'approve' })}
                    >
                      {t('users.approve')}
                    </button>{' '}
                    <button type="button" disabled={decide.isPending} onClick={() => decide.mutate({ id: grant.id, decision: 'refuse' })}>
                      {own ? t('users.withdraw') : t('users.refuse')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}

function Accounts({ session }: { session: SessionResponse }) {
  const { t } = useTranslation();
  const users = useUsers();
  const disable = useDisableUser();
  const enable = useEnableUser();
  const resetTotp = useResetTotp();
  const [newTotp, setNewTotp] = useState<{ username: string; secret: string; uri: string } | null>(null);
  return (
    <>
      <h2>{t('users.accounts')}</h2>
      <ErrorMessage error={users.error ?? disable.error ?? enable.error ?? resetTotp.error} />
      {newTotp && (
        <div className="created" role="status" data-testid="reset-totp">
          <p>{t('users.totpResetOnce', { username: newTotp.username })}</p>
          <TotpSecret secret={newTotp.secret} uri={newTotp.uri} />
          <button type="button" onClick={() => setNewTotp(null)}>
            {t('users.totpDone')}
          </button>
        </div>
      )}
      {users.data && (
        <table className="incident-table users-table" data-testid="users">
          <thead>
            <tr>
              <th>{t('users.account')}</th>
              <th>{t('users.roles')}</th>
              <th>{t('users.clearanceAndCaveats')}</th>
              <th>{t('users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.data.items.map((user) => (
              <tr key={user.id} data-username={user.username}>
                <td>
                  <bdi>{user.displayName}</bdi> (<bdi>{user.username}</bdi>){' '}
                  {user.disabled && <span className="status">{t('users.disabled')}</span>}
                </td>
                <td>{user.roles.map((r) => t(`roles.${r}`)).join(', ')}</td>
                <td>
                  {/* Keyed by what the account holds: an approval elsewhere shows at once. */}
                  <ClearanceForm key={`${user.clearance}:${user.caveats.join(',')}`} session={session} user={user} />
                </td>
                <td className="users-actions">
                  {user.username !== session.user.username && !user.disabled && (
                    <button
                      type="button"
                      className="danger"
                      disabled={disable.isPending}
                      onClick={() => {
                        if (window.confirm(t('users.confirmDisable', { username: user.username }))) disable.mutate(user.username);
                      }}
                    >
                      {t('users.disable')}
                    </button>
                  )}
                  {user.disabled && (
                    <button type="button" disabled={enable.isPending} onClick={() => enable.mutate(user.username)}>
                      {t('users.enable')}
                    </button>
                  )}
                  {user.username !== session.user.username && (
                    <button
                      type="button"
                      disabled={resetTotp.isPending}
                      onClick={() => {
                        if (!window.confirm(t('users.confirmTotpReset', { username: user.username }))) return;
                        setNewTotp(null);
                        resetTotp.mutate(user.username, { onSuccess: (reset) => setNewTotp({ username: user.username, ...reset }) });
                      }}
                    >
                      {t('users.resetTotp')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** A new TOTP secret and its otpauth address, for the account holder's authenticator app; shown once. */
function TotpSecret({ secret, uri }: { secret: string; uri: string }) {
  const { t } = useTranslation();
  return (
    <>
      <label>
        {t('users.totpSecret')}
        <input readOnly className="invite" value={secret} dir="ltr" data-testid="totp-secret" />
      </label>
      <label>
        {t('users.totpUri')}
        <input readOnly className="invite" value={uri} dir="ltr" data-testid="totp-uri" />
      </label>
    </>
  );
}

/** Caveat checkboxes: those the administrator holds, plus those the account has (they may be removed). */
function CaveatChoices({
  session,
  chosen,
  onChange,
}: {
  session: SessionResponse;
  chosen: string[];
  onChange: (caveats: string[]) => void;
}) {
  const offered = [...new Set([...session.user.caveats, ...chosen])].sort();
  if (offered.length === 0) return null;
  return (
    <span className="row">
      {offered.map((caveat) => (
        <label key={caveat} className="checkbox">
          <input
            type="checkbox"
            value={caveat}
            checked={chosen.includes(caveat)}
            disabled={!chosen.includes(caveat) && !session.user.caveats.includes(caveat)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, caveat] : chosen.filter((c) => c !== caveat))}
          />
          {caveat}
        </label>
      ))}
    </span>
  );
}

function ClearanceForm({ session, user }: { session: SessionResponse; user: UserSummary }) {
  const { t } = useTranslation();
  const update = useUpdateUser();
  const [clearance, setClearance] = useState<Classification>(user.clearance);
  const [caveats, setCaveats] = useState<string[]>(user.caveats);
  const levels = [...new Set([...grantableLevels(session), user.clearance])];
  return (
    <form
      className="inline"
      aria-label={t('users.change', { username: user.username })}
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({ username: user.username, clearance, caveats });
      }}
    >
      <select aria-label={t('users.clearance')} value={clearance} onChange={(e) => setClearance(e.target.value as Classification)}>
        {CLASSIFICATION_LEVELS.filter((level) => levels.includes(level)).map((level) => (
          <option key={level} value={level}>
            {level}
          </option>
        ))}
      </select>
      <CaveatChoices session={session} chosen={caveats} onChange={setCaveats} />
      <button type="submit" disabled={update.isPending}>
        {t('users.save')}
      </button>
      {update.data?.pendingGrant && <p className="muted">{t('users.waits', { clearance: update.data.pendingGrant.clearance })}</p>}
      <ErrorMessage error={update.error} />
    </form>
  );
}

function AddAccountForm({ session }: { session: SessionResponse }) {
  const { t } = useTranslation();
  const directory = useDirectory();
  const add = useAddUser();
  const levels = grantableLevels(session);
  const organisations = (directory.data?.organisations ?? []).filter((o) => o.nation === session.nation.code);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [org, setOrg] = useState('');
  const [roles, setRoles] = useState<Role[]>(['analyst']);
  const [clearance, setClearance] = useState<Classification>('UNCLASSIFIED');
  const [caveats, setCaveats] = useState<string[]>([]);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  return (
    <form
      className="note-form"
      aria-label={t('users.add')}
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate({
          username: username.trim(),
          displayName: displayName.trim(),
          org: org || organisations[0]?.id || '',
          roles,
          clearance,
          caveats,
          language: 'en',
          password,
          ...(email.trim() ? { email: email.trim() } : {}),
        });
      }}
    >
      <h2>{t('users.add')}</h2>
      <label>
        {t('users.username')}
        <input name="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
      </label>
      <label>
        {t('users.displayName')}
        <input name="displayName" required value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
      </label>
      <label>
        {t('users.organisation')}
        <select name="org" required value={org || organisations[0]?.id || ''} onChange={(e) => setOrg(e.target.value)}>
          {organisations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{t('users.roles')}</legend>
        {ROLES.map((role) => (
          <label key={role} className="checkbox">
            <input
              type="checkbox"
              checked={roles.includes(role)}
              onChange={(e) => setRoles(e.target.checked ? [...roles, role] : roles.filter((r) => r !== role))}
            />
            {t(`roles.${role}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('users.clearance')}
        <select name="clearance" value={clearance} onChange={(e) => setClearance(e.target.value as Classification)}>
          {levels.map((level) => (
            <option key={level} value={level}>
              {level}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{t('users.caveats')}</legend>
        <CaveatChoices session={session} chosen={caveats} onChange={setCaveats} />
      </fieldset>
      <label>
        {t('users.email')}
        <input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        {t('users.password')}
        <input
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={12}
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      <ErrorMessage error={add.error ?? directory.error} />
      {/* An account belongs to one of the nation's organisations: none to choose until the directory is in. */}
      <button type="submit" disabled={add.isPending || organisations.length === 0}>
        {t('users.add')}
      </button>
      {add.data && (
        <div className="created" role="status">
          <p>{t('users.added', { username: add.data.user.username, clearance: add.data.user.clearance })}</p>
          {add.data.pendingGrant && <p>{t('users.waits', { clearance: add.data.pendingGrant.clearance })}</p>}
          {add.data.totpSecret && (
            <>
              <p>
                {t('users.totpOnce')} <code data-testid="new-totp">{add.data.totpSecret}</code>
              </p>
              {add.data.totpUri && <TotpSecret secret={add.data.totpSecret} uri={add.data.totpUri} />}
            </>
          )}
        </div>
      )}
    </form>
  );
}
