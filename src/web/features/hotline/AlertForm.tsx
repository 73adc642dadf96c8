import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ALERT_SEVERITIES } from '../../../shared/vocab/hotline';
import { useDesks, useRaiseAlert } from '../../api/hotline';
import { useDirectory } from '../../api/notes';
import { navigate } from '../../app/router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LabelPicker, emptyLabel } from '../../components/LabelPicker';
import { followDesks } from './desk-nations';
import type { AlertSeverity } from '../../../shared/vocab/hotline';
import type { SessionResponse } from '../../../shared/contracts/auth';

/** Raise an alert to partner desks; choosing a desk releases the label to its nation (desk-nations.ts). */
export function AlertForm({ session }: { session: SessionResponse }) {
  const { t } = useTranslation();
  const directory = useDirectory();
  const desks = useDesks();
  const raise = useRaiseAlert();
  const [severity, setSeverity] = useState<AlertSeverity>('immediate');
  const [summary, setSummary] = useState('');
  const [details, setDetails] = useState('');
  const [targets, setTargets] = useState<string[]>([]);
  const [exercise, setExercise] = useState(false);
  const [label, setLabel] = useState(emptyLabel);
  const [addedForDesks, setAddedForDesks] = useState<string[]>([]);

  if (!session.permissions.includes('alert.raise')) return <p>{t('hotline.cannotRaise')}</p>;
  if (directory.isPending || desks.isPending) return <p>{t('notes.loading')}</p>;
  if (directory.error || desks.error) return <ErrorMessage error={directory.error ?? desks.error} />;
  const own = session.nation.code;
  const nationsOf = (ids: string[]) => desks.data.items.filter((d) => ids.includes(d.id)).map((d) => d.nation);
  const toggle = (id: string) => {
    const next = targets.includes(id) ? targets.filter((d) => d !== id) : [...targets, id];
    const followed = followDesks(label, addedForDesks, nationsOf(next), own);
    setTargets(next);
    setLabel({ ...label, relTo: followed.relTo });
    setAddedForDesks(followed.addedForDesks);
  };
  const deskNations = [...new Set(nationsOf(targets).filter((n) => n !== own))];
  const unreleased = deskNations.filter((n) => !label.relTo.includes(n));

  return (
    <form
      className="alert-form"
      onSubmit={(event) => {
        event.preventDefault();
        raise.mutate(
          { severity, summary, details, targetDesks: targets, exercise, label },
          { onSuccess: (alert) => navigate(`/alerts/${alert.id}`) },
        );
      }}
    >
      {exercise && <div className="exercise-watermark">{t('hotline.exercise')}</div>}
      <h1>{t('hotline.raise')}</h1>
      <label>
        {t('hotline.severity')}
        <select name="severity" value={severity} onChange={(e) => setSeverity(e.target.value as AlertSeverity)}>
          {ALERT_SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {t(`hotline.severities.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('hotline.summary')}
        <input name="summary" required maxLength={200} value={summary} onChange={(e) => setSummary(e.target.value)} autoFocus />
      </label>
      <label>
        {t('hotline.details')}
        <textarea name="details" rows={4} maxLength={10000} value={details} onChange={(e) => setDetails(e.target.value)} />
      </label>
      <fieldset>
        <legend>{t('hotline.targetDesks')}</legend>
        {desks.data.items.length === 0 && <p className="empty">{t('hotline.noDesks')}</p>}
        {desks.data.items.map((desk) => (
          <label key={desk.id} className="check">
            <input type="checkbox" name="desk" value={desk.id} checked={targets.includes(desk.id)} onChange={() => toggle(desk.id)} />
            {desk.name} ({desk.nation})
          </label>
        ))}
        {deskNations.length > 0 && unreleased.length < deskNations.length && (
          <p className="hint" data-testid="desk-nations">
            {t('hotline.deskNationsReleased', { nations: deskNations.filter((n) => !unreleased.includes(n)).join(', ') })}
          </p>
        )}
        {unreleased.length > 0 && (
          <p className="hint" role="status">
            {t('hotline.deskNationsMissing', { nations: unreleased.join(', ') })}
          </p>
        )}
      </fieldset>
      <label className="check">
        <input type="checkbox" name="exercise" checked={exercise} onChange={(e) => setExercise(e.target.checked)} />
        {t('hotline.exerciseFlag')}
      </label>
      <LabelPicker name="label" value={label} onChange={setLabel} directory={directory.data} nation={session.nation.code} />
      <ErrorMessage error={raise.error} />
      <button type="submit" disabled={raise.isPending || targets.length === 0}>
        {raise.isPending ? t('form.saving') : t('hotline.send')}
      </button>
    </form>
  );
}
