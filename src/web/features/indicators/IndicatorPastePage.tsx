/**
 * Bulk paste: indicators found in free text, checked by the server (the value as it would be stored,
 * and why it may be benign) and shown as a review list; the ones the person picks are created one by
 * one through the ordinary create call, as drafts under one label. Loaded on demand with its
 * extraction library.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useDirectory } from '../../api/notes';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LabelPicker, emptyLabel } from '../../components/LabelPicker';
import { extractIndicators } from './extract-indicators';
import './indicator-paste.css';
import type { IndicatorCheck } from '../../api/picture-records';
import type { Candidate } from './extract-indicators';
import type { SessionResponse } from '../../../shared/contracts/auth';
import type { Indicator } from '../../../shared/contracts/picture-records';

interface Row extends Candidate {
  check: IndicatorCheck;
  picked: boolean;
  outcome?: { ok: true; id: string } | { ok: false; message: string };
}

export function IndicatorPastePage({ session }: { session: SessionResponse }) {
  const { t } = useTranslation();
  const directory = useDirectory();
  const [text, setText] = useState('');
  const [rows, setRows] = useState<Row[] | null>(null);
  const [label, setLabel] = useState(emptyLabel);
  const [busy, setBusy] = useState<'checking' | 'creating' | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (!session.permissions.includes('incident.create')) return <p>{t('form.cannotCreate')}</p>;
  if (directory.isPending) return <p>{t('notes.loading')}</p>;
  if (directory.error) return <ErrorMessage error={directory.error} />;

  const review = async () => {
    setError(null);
    const candidates = extractIndicators(text);
    if (candidates.length === 0) {
      setRows([]);
      return;
    }
    setBusy('checking');
    try {
      const { items } = await api<{ items: IndicatorCheck[] }>('POST', '/api/indicators/checks', { items: candidates });
      const seen = new Set<string>();
      const checked: Row[] = [];
      candidates.forEach((candidate, index) => {
        const check = items[index] ?? { ok: false as const, message: '' };
        const key = `${candidate.type}:${check.ok ? check.value : candidate.value}`;
        if (seen.has(key)) return;
        seen.add(key);
        // Values that are usually benign are offered but not picked: the person decides.
        checked.push({ ...candidate, check, picked: check.ok && check.warnings.length === 0 });
      });
      setRows(checked);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const create = async () => {
    if (!rows) return;
    setBusy('creating');
    const next = [...rows];
    for (const [index, row] of next.entries()) {
      if (!row.picked || row.outcome?.ok) continue;
      try {
        const created = await api<Indicator>('POST', '/api/indicators', { type: row.type, value: row.value, label });
        next[index] = { ...row, picked: false, outcome: { ok: true, id: created.id } };
      } catch (e) {
        next[index] = { ...row, outcome: { ok: false, message: e instanceof Error ? e.message : String(e) } };
      }
      setRows([...next]);
    }
    setBusy(null);
  };

  const setPicked = (index: number, picked: boolean) =>
    setRows((current) => current?.map((r, i) => (i === index ? { ...r, picked } : r)) ?? null);
  const picked = rows?.filter((r) => r.picked).length ?? 0;
  const created = rows?.filter((r) => r.outcome?.ok).length ?? 0;
  const failed = rows?.filter((r) => r.outcome && !r.outcome.ok).length ?? 0;

  return (
    <section className="indicator-paste">
      <AppLink to="/indicators">{t('indicators.back')}</AppLink>
      <h1>{t('indicatorPaste.title')}</h1>
      <p className="muted">{t('indicatorPaste.help')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void review();
        }}
      >
        <label>
          {t('indicatorPaste.text')}
          <textarea name="text" rows={8} maxLength={200_000} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit" disabled={busy !== null || text.trim() === ''}>
          {busy === 'checking' ? t('indicatorPaste.checking') : t('indicatorPaste.extract')}
        </button>
      </form>
      <ErrorMessage error={error} />
      {rows && rows.length === 0 && <p className="empty">{t('indicatorPaste.none')}</p>}
      {rows && rows.length > 0 && (
        <>
          <h2>{t('indicatorPaste.found', { count: rows.length })}</h2>
          <div className="indicator-paste-actions">
            <button type="button" onClick={() => setRows(rows.map((r) => ({ ...r, picked: r.check.ok && !r.outcome?.ok })))}>
              {t('indicatorPaste.pickAll')}
            </button>
            <button type="button" onClick={() => setRows(rows.map((r) => ({ ...r, picked: false })))}>
              {t('indicatorPaste.pickNone')}
            </button>
          </div>
          <ul className="indicator-paste-list" data-testid="paste-review">
            {rows.map((row, index) => (
              <li key={`${row.type}:${row.value}`} className={row.check.ok ? '' : 'invalid'}>
                <label>
                  <input
                    type="checkbox"
                    checked={row.picked}
                    disabled={!row.check.ok || row.outcome?.ok === true || busy !== null}
                    onChange={(e) => setPicked(index, e.target.checked)}
                  />
                  <span className="indicator-paste-type">{row.type}</span>
                  <bdi className="indicator-value">{row.check.ok ? row.check.value : row.value}</bdi>
                </label>
                {row.check.ok && row.check.value !== row.value && (
                  <p className="muted">
                    {t('indicatorPaste.pastedAs')} <bdi>{row.value}</bdi>
                  </p>
                )}
                {!row.check.ok && <p className="warning">{row.check.message}</p>}
                {row.check.ok && row.check.warnings.length > 0 && <p className="warning">⚠ {row.check.warnings.join(' ')}</p>}
                {row.outcome?.ok === true && (
                  <p className="hint" role="status">
                    {t('indicatorPaste.created')} <AppLink to={`/indicators/${row.outcome.id}`}>{t('indicatorPaste.open')}</AppLink>
                  </p>
                )}
                {row.outcome?.ok === false && (
                  <p className="error" role="alert">
                    {t('indicatorPaste.notCreated')} {row.outcome.message}
                  </p>
                )}
              </li>
            ))}
          </ul>
          <LabelPicker name="label" value={label} onChange={setLabel} directory={directory.data} nation={session.nation.code} />
          <button type="button" onClick={() => void create()} disabled={busy !== null || picked === 0}>
            {busy === 'creating' ? t('form.saving') : t('indicatorPaste.create', { count: picked })}
          </button>
          {(created > 0 || failed > 0) && busy === null && (
            <p role="status" data-testid="paste-summary">
              {t('indicatorPaste.summary', { created, failed })}
            </p>
          )}
        </>
      )}
    </section>
  );
}
