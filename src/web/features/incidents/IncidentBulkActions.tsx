/**
 * What can be done with the incidents selected in the list: export them as a STIX bundle (the
 * export, limited to their ids), release the drafts a releasing officer may release (the release
 * queue's bulk release, each decided on its own), and link them all to an actor or indicator (the
 * links API, one incident at a time, each an edit of the version shown).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { exportUrl } from '../../api/incidents';
import { useRecords } from '../../api/picture-records';
import { useBulkRelease } from '../../api/release-queue';
import { ErrorMessage } from '../../components/ErrorMessage';
import type { Incident } from '../../../shared/contracts/incidents';
import type { IncidentLinks } from '../../../shared/contracts/picture-records';
import './incident-list.css';

interface Outcome {
  done: number;
  failed: { title: string; message: string }[];
}

export function IncidentBulkActions({ selected, onClear }: { selected: Incident[]; onClear: () => void }) {
  const { t } = useTranslation();
  const releasable = selected.filter((i) => i.releaseState === 'draft' && i.can.release);
  const waiting = selected.filter((i) => i.releaseState === 'draft' && !i.can.release);
  const linkable = selected.filter((i) => i.can.edit);
  return (
    <section className="bulk-actions" aria-label={t('incidentList.bulkTitle')} data-testid="bulk-actions">
      <p>
        <strong data-testid="selected-count">{t('incidentList.selected', { count: selected.length })}</strong>{' '}
        <button type="button" className="link-button" onClick={onClear}>
          {t('incidentList.clearSelection')}
        </button>
      </p>
      <div className="bulk-row">
        <a
          className="button"
          href={exportUrl(
            {},
            'stix',
            selected.map((i) => i.id),
          )}
          download
          data-testid="export-selection"
        >
          {t('incidentList.exportStix')}
        </a>
        {releasable.length > 0 && <BulkRelease drafts={releasable} />}
      </div>
      {waiting.length > 0 && (
        <p className="hint" data-testid="drafts-waiting">
          {t('incidentList.draftsWait', { count: waiting.length })}
        </p>
      )}
      {linkable.length > 0 ? <BulkLink incidents={linkable} /> : <p className="hint">{t('incidentList.cannotLink')}</p>}
    </section>
  );
}

/** Releases the selected drafts under their proposed labels, after saying so. */
function BulkRelease({ drafts }: { drafts: Incident[] }) {
  const { t } = useTranslation();
  const release = useBulkRelease();
  const [confirming, setConfirming] = useState(false);
  if (release.data) {
    const released = release.data.items.filter((r) => r.outcome === 'released').length;
    const refused = release.data.items.filter((r) => r.outcome === 'refused');
    const waiting = release.data.items.filter((r) => r.outcome === 'awaiting-second-approval').length;
    return (
      <div role="status" data-testid="bulk-release-result">
        <p>{t('incidentList.released', { count: released })}</p>
        {waiting > 0 && <p>{t('incidentList.awaitingSecond', { count: waiting })}</p>}
        {refused.map((r) => (
          <p key={r.id} className="error">
            {drafts.find((d) => d.id === r.id)?.title}: {r.reason?.message}
          </p>
        ))}
      </div>
    );
  }
  if (!confirming)
    return (
      <button type="button" onClick={() => setConfirming(true)} data-testid="bulk-release">
        {t('incidentList.release', { count: drafts.length })}
      </button>
    );
  return (
    <div className="confirm" role="group" aria-label={t('incidentList.release', { count: drafts.length })}>
      <p>{t('incidentList.releaseConfirm', { count: drafts.length })}</p>
      <ul>
        {drafts.map((d) => (
          <li key={d.id}>
            {d.title} — <span className="muted">{d.proposedLabel?.marking ?? d.label.marking}</span>
          </li>
        ))}
      </ul>
      <button
        type="button"
        disabled={release.isPending}
        onClick={() => release.mutate({ items: drafts.map((d) => ({ kind: 'incident', id: d.id, version: d.version })) })}
      >
        {t('incidentList.releaseNow')}
      </button>{' '}
      <button type="button" onClick={() => setConfirming(false)}>
        {t('incidentList.cancel')}
      </button>
      <ErrorMessage error={release.error} />
    </div>
  );
}

/** Links every selected incident to one actor or indicator the reader may read. */
function BulkLink({ incidents }: { incidents: Incident[] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [kind, setKind] = useState<'actors' | 'indicators'>('actors');
  const [q, setQ] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const found = useRecords(kind, { q: q.trim() || undefined });
  const candidates = (found.data?.pages[0]?.items ?? []).slice(0, 6);

  const linkAll = async (target: string) => {
    setBusy(true);
    const result: Outcome = { done: 0, failed: [] };
    for (const incident of incidents) {
      try {
        const path = `/api/incidents/${encodeURIComponent(incident.id)}/links`;
        const current = await api<IncidentLinks>('GET', path);
        const ids = current[kind].map((r) => r.id);
        if (!ids.includes(target)) await api<IncidentLinks>('PUT', path, { [kind]: [...ids, target] }, incident.version);
        result.done++;
      } catch (error) {
        result.failed.push({ title: incident.title, message: error instanceof ApiError ? error.message : String(error) });
      }
    }
    setOutcome(result);
    setBusy(false);
    await client.invalidateQueries({ queryKey: ['incidents'] });
  };

  return (
    <fieldset className="bulk-link">
      <legend>{t('incidentList.linkTitle', { count: incidents.length })}</legend>
      <div className="bulk-row">
        <label>
          {t('incidentList.linkKind')}
          <select name="link-kind" value={kind} onChange={(e) => setKind(e.target.value as 'actors' | 'indicators')}>
            <option value="actors">{t('links.actor')}</option>
            <option value="indicators">{t('links.indicator')}</option>
          </select>
        </label>
        <label>
          {t('incidentList.linkFind')}
          <input name="link-find" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </label>
      </div>
      {candidates.length === 0 && q.trim() !== '' && !found.isFetching && <p className="hint">{t('incidentList.linkNone')}</p>}
      <ul>
        {candidates.map((r) => {
          const name = 'aliases' in r ? r.name : r.value;
          return (
            <li key={r.id}>
              <button type="button" className="link-button" disabled={busy} onClick={() => void linkAll(r.id)}>
                {t('incidentList.linkTo', { name, count: incidents.length })}
              </button>{' '}
              <span className="muted">{r.label.marking}</span>
            </li>
          );
        })}
      </ul>
      {busy && <progress aria-label={t('incidentList.linking')} />}
      {outcome && (
        <div role="status" data-testid="bulk-link-result">
          <p>{t('incidentList.linked', { count: outcome.done })}</p>
          {outcome.failed.map((f) => (
            <p key={f.title} className="error">
              {f.title}: {f.message}
            </p>
          ))}
        </div>
      )}
    </fieldset>
  );
}
