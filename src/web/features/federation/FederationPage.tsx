import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddPeer, useCheckPeer, useOwnInvite, usePeers, useRemovePeer } from '../../api/federation';
import { ErrorMessage } from '../../components/ErrorMessage';

/** For node administrators: this node's invite, the partner nodes it is pinned to, adding and checking them. */
export function FederationPage({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  if (!canManage) return <p>{t('federation.adminsOnly')}</p>;
  return <Peers />;
}

function Peers() {
  const { t, i18n } = useTranslation();
  const invite = useOwnInvite();
  const peers = usePeers();
  const add = useAddPeer();
  const check = useCheckPeer();
  const remove = useRemovePeer();
  const [pasted, setPasted] = useState('');
  const when = (at: string | null) => (at ? new Date(at).toLocaleString(i18n.language) : t('federation.never'));
  return (
    <section>
      <h1>{t('federation.title')}</h1>
      <h2>{t('federation.ownInvite')}</h2>
      <p className="muted">{t('federation.ownInviteHint')}</p>
      <ErrorMessage error={invite.error} />
      {invite.data && (
        <>
          <p>
            {invite.data.nation} · {invite.data.url} · <code>{invite.data.publicKey}</code>
          </p>
          <textarea
            readOnly
            rows={3}
            className="invite"
            aria-label={t('federation.ownInvite')}
            value={invite.data.invite}
            data-testid="own-invite"
          />
        </>
      )}
      <h2>{t('federation.peers')}</h2>
      <ErrorMessage error={peers.error ?? check.error ?? remove.error} />
      {peers.data && peers.data.items.length === 0 && <p className="empty">{t('federation.noPeers')}</p>}
      {peers.data && peers.data.items.length > 0 && (
        <table data-testid="peers">
          <thead>
            <tr>
              <th>{t('federation.nation')}</th>
              <th>{t('federation.address')}</th>
              <th>{t('federation.key')}</th>
              <th>{t('federation.lastContact')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {peers.data.items.map((p) => (
              <tr key={p.nodeId}>
                <td>{p.nation}</td>
                <td>{p.url}</td>
                <td>
                  <code title={p.publicKey}>{p.publicKey.slice(0, 20)}…</code>
                </td>
                <td>
                  {when(p.lastContactAt)}
                  {p.lastError && (
                    <div className="overdue">
                      {t('federation.unreachable', { at: when(p.lastError.at) })}: {p.lastError.message}
                    </div>
                  )}
                </td>
                <td>
                  <button type="button" disabled={check.isPending} onClick={() => check.mutate(p.nodeId)}>
                    {t('federation.check')}
                  </button>{' '}
                  <button
                    type="button"
                    disabled={remove.isPending}
                    onClick={() => {
                      if (window.confirm(t('federation.confirmRemove', { nation: p.nation, url: p.url }))) remove.mutate(p.nodeId);
                    }}
                  >
                    {t('federation.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          add.mutate(pasted, { onSuccess: () => setPasted('') });
        }}
      >
        <label>
          {t('federation.addPeer')}
          <textarea
            name="invite"
            required
            rows={3}
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
            placeholder="concord-invite:…"
          />
        </label>
        <ErrorMessage error={add.error} />
        <button type="submit" disabled={add.isPending}>
          {t('federation.add')}
        </button>
      </form>
    </section>
  );
}
