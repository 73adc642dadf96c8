import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDirectory } from '../../api/notes';
import { useFeeds, usePollFeed, useRemoveFeed, useSubscribe, useUnmapped, useUpdateFeed } from '../../api/taxii-feeds';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LabelPicker } from '../../components/LabelPicker';
import { formatMarking } from '../../../shared/labels/format-label';
import type { SessionResponse } from '../../../shared/contracts/auth';
import type { Subscription, TaxiiAuth } from '../../../shared/contracts/taxii-subscriptions';
import type { LabelInput } from '../../../shared/labels/label';
import { Moment } from '../../components/Moment';
import { formatMoment } from '../../../shared/time/format-moment';

/**
 * TAXII feeds, for releasing officers: subscribe this node to another TAXII 2.1 server's
 * collection with the label what arrives is released under; each feed's position, health and
 * counts; poll now, pause, stop; the report of what could not be mapped.
 */
export function FeedsPage({ session }: { session: SessionResponse }) {
  const { t } = useTranslation();
  const feeds = useFeeds();
  if (!session.permissions.includes('record.release')) return <p>{t('feeds.releasingOnly')}</p>;
  return (
    <section>
      <h1>{t('feeds.title')}</h1>
      <p className="muted">{t('feeds.intro')}</p>
      <ErrorMessage error={feeds.error} />
      {feeds.data && feeds.data.items.length === 0 && <p className="empty">{t('feeds.none')}</p>}
      <ul className="feeds" data-testid="feeds">
        {feeds.data?.items.map((feed) => (
          <Feed key={feed.id} feed={feed} nation={session.nation.code} />
        ))}
      </ul>
      <SubscribeForm session={session} />
    </section>
  );
}

function Feed({ feed, nation }: { feed: Subscription; nation: string }) {
  const { t, i18n } = useTranslation();
  const poll = usePollFeed();
  const update = useUpdateFeed();
  const remove = useRemoveFeed();
  const [showReport, setShowReport] = useState(false);
  const label = formatMarking({
    originator: { nation, org: '' },
    ...feed.defaultLabel,
  });
  return (
    <li data-testid={`feed-${feed.name}`}>
      <h2>
        {feed.name} {feed.paused && <span className="status">{t('feeds.paused')}</span>}
      </h2>
      <p className="muted">
        {feed.apiRoot} · {feed.collectionId} · {t('feeds.owner', { user: feed.owner.username })}
      </p>
      <p>
        {t('feeds.label')}: <span className="marking">{label}</span>
      </p>
      <dl className="counts">
        <dt>{t('feeds.imported')}</dt>
        <dd data-testid="feed-imported">{feed.counts.imported}</dd>
        <dt>{t('feeds.originatorOnly')}</dt>
        <dd>{feed.counts.originatorOnly}</dd>
        <dt>{t('feeds.present')}</dt>
        <dd>{feed.counts.present}</dd>
        <dt>{t('feeds.updated')}</dt>
        <dd data-testid="feed-updated">{feed.counts.updated}</dd>
        <dt>{t('feeds.unmapped')}</dt>
        <dd data-testid="feed-unmapped">{feed.counts.unmapped}</dd>
        <dt>{t('feeds.lastPoll')}</dt>
        <dd>{feed.lastPollAt ? formatMoment(feed.lastPollAt, i18n.language) : t('feeds.never')}</dd>
        <dt>{t('feeds.position')}</dt>
        <dd>{feed.position ?? t('feeds.fromStart')}</dd>
      </dl>
      {feed.lastError && (
        <p className="error" role="alert">
          {feed.lastError} ({t('feeds.failures', { count: feed.failures })})
        </p>
      )}
      <ErrorMessage error={poll.error ?? update.error ?? remove.error} />
      <div className="actions">
        <button type="button" onClick={() => poll.mutate(feed.id)} disabled={poll.isPending}>
          {poll.isPending ? t('feeds.polling') : t('feeds.pollNow')}
        </button>
        <button type="button" onClick={() => update.mutate({ id: feed.id, paused: !feed.paused })} disabled={update.isPending}>
          {feed.paused ? t('feeds.resume') : t('feeds.pause')}
        </button>
        <button type="button" onClick={() => setShowReport(!showReport)} aria-expanded={showReport}>
          {t('feeds.report')}
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => {
            if (window.confirm(t('feeds.confirmStop', { name: feed.name }))) remove.mutate(feed.id);
          }}
        >
          {t('feeds.stop')}
        </button>
      </div>
      {showReport && <UnmappedReport id={feed.id} />}
    </li>
  );
}

function UnmappedReport({ id }: { id: string }) {
  const { t } = useTranslation();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const report = useUnmapped(id, cursors.at(-1) ?? null);
  if (report.isPending) return <p>{t('notes.loading')}</p>;
  if (report.error) return <ErrorMessage error={report.error} />;
  if (report.data.items.length === 0) return <p className="empty">{t('feeds.reportEmpty')}</p>;
  return (
    <>
      <table data-testid="unmapped">
        <thead>
          <tr>
            <th>{t('feeds.object')}</th>
            <th>{t('feeds.reason')}</th>
            <th>{t('feeds.when')}</th>
          </tr>
        </thead>
        <tbody>
          {report.data.items.map((u) => (
            <tr key={`${u.stixId}-${u.at}`}>
              <td>{u.stixId}</td>
              <td>{u.reason}</td>
              <td>
                <Moment at={u.at} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        {cursors.length > 1 && (
          <button type="button" onClick={() => setCursors(cursors.slice(0, -1))}>
            {t('feeds.newer')}
          </button>
        )}
        {report.data.nextCursor && (
          <button type="button" onClick={() => setCursors([...cursors, report.data.nextCursor])}>
            {t('feeds.older')}
          </button>
        )}
      </div>
    </>
  );
}

/** Fail closed by default: the feed's objects stay with this nation until the officer widens the label. */
const ownNationOnly = (nation: string): LabelInput => ({
  classification: 'UNCLASSIFIED',
  relTo: [nation],
  caveats: [],
  tlp: 'GREEN',
  recipients: { orgs: [], users: [] },
});

function SubscribeForm({ session }: { session: SessionResponse }) {
  const { t } = useTranslation();
  const directory = useDirectory();
  const subscribe = useSubscribe();
  const [name, setName] = useState('');
  const [apiRoot, setApiRoot] = useState('');
  const [collectionId, setCollectionId] = useState('');
  const [authKind, setAuthKind] = useState<TaxiiAuth['kind']>('basic');
  const [username, setUsername] = useState('');
  const [secret, setSecret] = useState('');
  const [label, setLabel] = useState(() => ownNationOnly(session.nation.code));
  const auth: TaxiiAuth =
    authKind === 'basic'
      ? { kind: 'basic', username, password: secret }
      : authKind === 'bearer'
        ? { kind: 'bearer', token: secret }
        : { kind: 'none' };
  return (
    <form
      aria-label={t('feeds.subscribe')}
      onSubmit={(event) => {
        event.preventDefault();
        subscribe.mutate(
          { name, apiRoot, collectionId, auth, defaultLabel: label },
          {
            onSuccess: () => {
              setName('');
              setSecret('');
            },
          },
        );
      }}
    >
      <h2>{t('feeds.subscribe')}</h2>
      <label>
        {t('feeds.name')}
        <input name="name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {t('feeds.apiRoot')}
        <input
          name="apiRoot"
          type="url"
          required
          placeholder="https://taxii.example.org/api1/"
          value={apiRoot}
          onChange={(e) => setApiRoot(e.target.value)}
        />
      </label>
      <label>
        {t('feeds.collection')}
        <input name="collectionId" required value={collectionId} onChange={(e) => setCollectionId(e.target.value)} />
      </label>
      <label>
        {t('feeds.auth')}
        <select name="authKind" value={authKind} onChange={(e) => setAuthKind(e.target.value as TaxiiAuth['kind'])}>
          <option value="basic">{t('feeds.authBasic')}</option>
          <option value="bearer">{t('feeds.authBearer')}</option>
          <option value="none">{t('feeds.authNone')}</option>
        </select>
      </label>
      {authKind === 'basic' && (
        <label>
          {t('feeds.username')}
          <input name="username" required autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
      )}
      {authKind !== 'none' && (
        <label>
          {authKind === 'basic' ? t('feeds.password') : t('feeds.token')}
          <input
            name="secret"
            type="password"
            required
            autoComplete="new-password"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
          />
        </label>
      )}
      <p className="muted">{t('feeds.labelHelp')}</p>
      {directory.data && (
        <LabelPicker name="defaultLabel" value={label} onChange={setLabel} directory={directory.data} nation={session.nation.code} />
      )}
      <ErrorMessage error={subscribe.error} />
      <button type="submit" disabled={subscribe.isPending}>
        {subscribe.isPending ? t('feeds.checking') : t('feeds.subscribe')}
      </button>
    </form>
  );
}
