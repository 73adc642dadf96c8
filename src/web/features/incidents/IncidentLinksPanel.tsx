import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useIncidentLinks, useRecords, useSetIncidentLinks } from '../../api/picture-records';
import { useIncidents } from '../../api/incidents';
import { INCIDENT_RELATIONS } from '../../../shared/vocab/picture-records';
import type { IncidentRelation } from '../../../shared/vocab/picture-records';
import { vocab } from '../../i18n/vocab';

/** Linked actors, indicators and incidents the reader may read; the originating organisation edits them. */
export function IncidentLinksPanel({ id, version, canEdit }: { id: string; version: number; canEdit: boolean }) {
  const { t } = useTranslation();
  const links = useIncidentLinks(id);
  const setLinks = useSetIncidentLinks(id, version);
  const [editing, setEditing] = useState(false);
  if (!links.data) return null;
  const { actors, indicators, incidents } = links.data;
  const empty = actors.length + indicators.length + incidents.length === 0;
  if (empty && !canEdit) return null;
  const actorIds = actors.map((a) => a.id);
  const indicatorIds = indicators.map((i) => i.id);
  const incidentLinks = incidents.map((i) => ({ id: i.id, relation: i.relation }));
  return (
    <section className="links" data-testid="links">
      <h2>{t('links.title')}</h2>
      {empty && <p className="hint">{t('links.empty')}</p>}
      <ul>
        {actors.map((a) => (
          <li key={a.id}>
            {t('links.actor')}:{' '}
            <AppLink to={`/actors/${a.id}`}>
              <bdi>{a.name}</bdi>
            </AppLink>{' '}
            <span className="muted">{vocab(t, 'actorKinds', a.kind)}</span>
            {editing && (
              <button type="button" className="link-button" onClick={() => setLinks.mutate({ actors: actorIds.filter((x) => x !== a.id) })}>
                {t('links.remove', { name: a.name })}
              </button>
            )}
          </li>
        ))}
        {indicators.map((i) => (
          <li key={i.id}>
            {t('links.indicator')}:{' '}
            <AppLink to={`/indicators/${i.id}`}>
              <bdi>{i.value}</bdi>
            </AppLink>{' '}
            <span className="muted">{vocab(t, 'indicatorTypes', i.type)}</span>
            {i.warnings.length > 0 && <span className="warning"> ⚠ {i.warnings.join(' ')}</span>}
            {editing && (
              <button
                type="button"
                className="link-button"
                onClick={() => setLinks.mutate({ indicators: indicatorIds.filter((x) => x !== i.id) })}
              >
                {t('links.remove', { name: i.value })}
              </button>
            )}
          </li>
        ))}
        {incidents.map((i) => (
          <li key={i.id}>
            {t(`links.relation.${i.relation}`)}: <AppLink to={`/incidents/${i.id}`}>{i.title}</AppLink>
            {editing && (
              <button
                type="button"
                className="link-button"
                onClick={() => setLinks.mutate({ incidents: incidentLinks.filter((l) => l.id !== i.id) })}
              >
                {t('links.remove', { name: i.title })}
              </button>
            )}
          </li>
        ))}
      </ul>
      <ErrorMessage error={setLinks.error} />
      {canEdit && !editing && (
        <button type="button" onClick={() => setEditing(true)}>
          {t('links.edit')}
        </button>
      )}
      {editing && (
        <>
          <LinkFinder kind="actors" exclude={actorIds} onPick={(pick) => setLinks.mutate({ actors: [...actorIds, pick] })} />
          <LinkFinder
            kind="indicators"
            exclude={indicatorIds}
            onPick={(pick) => setLinks.mutate({ indicators: [...indicatorIds, pick] })}
          />
          <IncidentFinder
            self={id}
            exclude={incidentLinks.map((l) => l.id)}
            onPick={(pick, relation) => setLinks.mutate({ incidents: [...incidentLinks, { id: pick, relation }] })}
          />
          <button type="button" onClick={() => setEditing(false)}>
            {t('links.done')}
          </button>
        </>
      )}
    </section>
  );
}

/** Searches readable actors or indicators and offers each as a link. */
function LinkFinder({ kind, exclude, onPick }: { kind: 'actors' | 'indicators'; exclude: string[]; onPick: (id: string) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const found = useRecords(kind, { q: q.trim() || undefined, limit: undefined });
  const items = (found.data?.pages[0]?.items ?? []).filter((r) => !exclude.includes(r.id)).slice(0, 8);
  return (
    <div className="link-finder">
      <label>
        {t(`links.find.${kind}`)}
        <input name={`find-${kind}`} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      <ul>
        {items.map((r) => (
          <li key={r.id}>
            <button type="button" className="link-button" onClick={() => onPick(r.id)}>
              {t('links.add', { name: 'aliases' in r ? r.name : r.value })}
            </button>{' '}
            <span className="muted">{r.label.marking}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Searches readable incidents by text and links one as related, a duplicate of, or part of. */
function IncidentFinder({
  self,
  exclude,
  onPick,
}: {
  self: string;
  exclude: string[];
  onPick: (id: string, relation: IncidentRelation) => void;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [relation, setRelation] = useState<IncidentRelation>('related');
  const found = useIncidents(q.trim() ? { q: q.trim() } : {});
  const items = (found.data?.pages[0]?.items ?? []).filter((r) => r.id !== self && !exclude.includes(r.id)).slice(0, 8);
  return (
    <div className="link-finder">
      <label>
        {t('links.find.incidents')}
        <input name="find-incidents" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      <label>
        {t('links.relationLabel')}
        <select name="relation" value={relation} onChange={(e) => setRelation(e.target.value as IncidentRelation)}>
          {INCIDENT_RELATIONS.map((r) => (
            <option key={r} value={r}>
              {t(`links.relation.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <ul>
        {items.map((r) => (
          <li key={r.id}>
            <button type="button" className="link-button" onClick={() => onPick(r.id, relation)}>
              {t('links.add', { name: r.title })}
            </button>{' '}
            <span className="muted">{r.label.marking}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
