import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CLASSIFICATION_LEVELS } from '../../../shared/vocab/levels';
import { useAddPeer, useCheckPeer, useOwnInvite, usePeers, useRemovePeer, useUndelivered, useUpdatePeer } from '../../api/federation';
import { useRecalls } from '../../api/recalls';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import type { PeerTrust } from '../../api/federation';
import type { Peer, Undelivered as UndeliveredAnswer } from '../../../shared/contracts/federation';
import { Moment } from '../../components/Moment';
import { formatMoment } from '../../../shared/time/format-moment';

/**
 * For node administrators: this node's invite; the partner nodes it is pinned to with what the
 * node rule takes each to hold and their health (reachability, last pull, lag, objects in and out,
 * rejects with reasons, recall receipts pending); adding and checking them; records released but
 * delivered to no node of an audience they name; recalls and receipts.
 */
export function FederationPage({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  if (!canManage) return <p>{t('federation.adminsOnly')}</p>;
  return (
    <>
      <Peers />
      <Undelivered />
      <Recalls />
    </>
  );
}

const splitList = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

function TrustFields({ trust, onChange }: { trust: PeerTrust; onChange: (trust: PeerTrust) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <label>
        {t('federation.accreditation')}
        <select
          value={trust.accreditation}
          onChange={(e) => onChange({ ...trust, accreditation: e.target.value as PeerTrust['accreditation'] })}
        >
          {CLASSIFICATION_LEVELS.map((level) => (
            <option key={level} value={level}>
              {level}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('federation.caveats')}
        <input
          value={trust.caveats.join(', ')}
          placeholder="CT, NARC"
          onChange={(e) => onChange({ ...trust, caveats: splitList(e.target.value) })}
        />
      </label>
    </>
  );
}

function PeerTrustForm({ peer }: { peer: Peer }) {
  const { t } = useTranslation();
  const update = useUpdatePeer();
  const [trust, setTrust] = useState<PeerTrust>({ accreditation: peer.accreditation, caveats: peer.caveats });
  return (
    <form
      className="inline"
      aria-label={`${t('federation.accreditation')} ${peer.nation}`}
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({ nodeId: peer.nodeId, ...trust });
      }}
    >
      <TrustFields trust={trust} onChange={setTrust} />
      <ErrorMessage error={update.error} />
      <button type="submit" disabled={update.isPending}>
        {t('federation.save')}
      </button>
    </form>
  );
}

function PeerHealth({ peer }: { peer: Peer }) {
  const { t, i18n } = useTranslation();
  const h = peer.health;
  return (
    <div data-testid={`health-${peer.nation}`}>
      <div className={h.reachable ? undefined : 'overdue'}>{h.reachable ? t('federation.reachable') : t('federation.notReachable')}</div>
      {h.lastPullAt && <div>{t('federation.lastPull', { at: formatMoment(h.lastPullAt, i18n.language) })}</div>}
      {h.lagSeconds !== null && <div>{t('federation.lag', { seconds: Math.round(h.lagSeconds) })}</div>}
      <div>{t('federation.objects', { in: h.objectsIn, out: h.objectsOut })}</div>
      {h.rejects > 0 && <div className="overdue">{t('federation.rejects', { count: h.rejects })}</div>}
      {h.pullFailures > 0 && <div>{t('federation.pullFailures', { count: h.pullFailures })}</div>}
      {h.cursorResets > 0 && <div className="overdue">{t('federation.cursorResets', { count: h.cursorResets })}</div>}
      {h.pendingReceipts > 0 && <div>{t('federation.pendingReceipts', { count: h.pendingReceipts })}</div>}
      {h.audit.problem ? (
        <div className="overdue" data-testid="audit-problem">
          {t('federation.auditProblem', { at: formatMoment(h.audit.problem.at, i18n.language) })}: {h.audit.problem.message}
        </div>
      ) : (
        h.audit.at !== null && <div>{t('federation.auditHeld', { at: formatMoment(h.audit.at, i18n.language) })}</div>
      )}
      {h.recentRejects.length > 0 && (
        <details>
          <summary>{t('federation.recentRejects')}</summary>
          <ul>
            {h.recentRejects.map((r, i) => (
              <li key={i}>
                <Moment at={r.at} /> {r.stixId && <code>{r.stixId}</code>} — {r.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function Peers() {
  const { t, i18n } = useTranslation();
  const invite = useOwnInvite();
  const peers = usePeers();
  const add = useAddPeer();
  const check = useCheckPeer();
  const remove = useRemovePeer();
  const [pasted, setPasted] = useState('');
  const [trust, setTrust] = useState<PeerTrust>({ accreditation: 'UNCLASSIFIED', caveats: [] });
  const when = (at: string | null) => (at ? formatMoment(at, i18n.language) : t('federation.never'));
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
              <th>{t('federation.health')}</th>
              <th>{t('federation.accreditation')}</th>
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
                  <PeerHealth peer={p} />
                </td>
                <td>
                  <PeerTrustForm peer={p} />
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
          add.mutate({ invite: pasted, ...trust }, { onSuccess: () => setPasted('') });
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
        <p className="hint">{t('federation.trustHint')}</p>
        <TrustFields trust={trust} onChange={setTrust} />
        <ErrorMessage error={add.error} />
        <button type="submit" disabled={add.isPending}>
          {t('federation.add')}
        </button>
      </form>
    </section>
  );
}

/** Where each kind's page is, for the kinds that have one. */
const RECORD_PAGES: Record<string, string> = {
  incident: '/incidents',
  actor: '/actors',
  indicator: '/indicators',
  alert: '/alerts',
  crisis: '/crises',
};

function Missed({ missed }: { missed: UndeliveredAnswer['items'][number]['missed'][number] }) {
  const { t } = useTranslation();
  if (missed.nodes.length === 0) return <div>{t('federation.missedNoNode', { audience: missed.audience })}</div>;
  return (
    <div>
      {missed.nodes.map((node) => (
        <div key={node.nodeId}>
          {t('federation.missedWithheld', {
            audience: missed.audience,
            nation: node.nation,
            why: node.withheldBy.map((w) => t(`federation.withheldBy.${w}`)).join('; '),
          })}
        </div>
      ))}
    </div>
  );
}

function Undelivered() {
  const { t } = useTranslation();
  const undelivered = useUndelivered();
  const data = undelivered.data;
  return (
    <section>
      <h2>{t('federation.undelivered')}</h2>
      <p className="muted">{t('federation.undeliveredHint')}</p>
      <ErrorMessage error={undelivered.error} />
      {data && data.total === 0 && <p className="empty">{t('federation.allDelivered')}</p>}
      {data && data.total > 0 && (
        <>
          <p data-testid="undelivered-audiences">
            {data.audiences.map((a) => t('federation.undeliveredTo', { audience: a.audience, count: a.records })).join(' · ')}
          </p>
          <table data-testid="undelivered">
            <tbody>
              {data.items.map((item) => {
                const page = RECORD_PAGES[item.kind];
                const title = item.title ?? item.id;
                return (
                  <tr key={`${item.kind}:${item.id}`}>
                    <td>
                      {item.kind} {page ? <AppLink to={`${page}/${item.id}`}>{title}</AppLink> : title}
                    </td>
                    <td>
                      <code>{item.label.marking}</code>
                    </td>
                    <td>
                      {item.missed.map((m) => (
                        <Missed key={m.audience} missed={m} />
                      ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {data.total > data.items.length && <p className="muted">{t('federation.undeliveredMore', { count: data.items.length })}</p>}
        </>
      )}
    </section>
  );
}

function Recalls() {
  const { t } = useTranslation();
  const recalls = useRecalls();
  return (
    <section>
      <h2>{t('federation.recalls')}</h2>
      <ErrorMessage error={recalls.error} />
      {recalls.data && recalls.data.items.length === 0 && <p className="empty">{t('federation.noRecalls')}</p>}
      {recalls.data && recalls.data.items.length > 0 && (
        <table data-testid="recalls">
          <tbody>
            {recalls.data.items.map((r) => (
              <tr key={r.id}>
                <td>
                  <Moment at={r.recalledAt} />
                </td>
                <td>
                  {r.recordKind} <code>{r.recordId}</code>
                </td>
                <td>{r.reason}</td>
                <td>
                  {r.partners.length === 0
                    ? t('recall.noPartners')
                    : r.partners.map((p) => (
                        <div key={p.nodeId} className={p.status === 'overdue' ? 'overdue' : undefined}>
                          {p.nation}: {t(`recall.${p.status}`)}
                        </div>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
