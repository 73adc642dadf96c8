import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeclareCrisis } from '../../api/crises';
import { useAlert } from '../../api/hotline';
import { useDirectory } from '../../api/notes';
import { navigate } from '../../app/router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LabelPicker, emptyLabel } from '../../components/LabelPicker';
import type { SessionResponse } from '../../../shared/contracts/auth';
import type { Alert } from '../../../shared/contracts/alerts';
import type { LabelInput } from '../../../shared/labels/label';

/** Declare a crisis; the nations its label releases to take part. From an alert, it starts with the alert's. */
export function CrisisForm({ session, alertId }: { session: SessionResponse; alertId: string | null }) {
  const { t } = useTranslation();
  const alert = useAlert(alertId ?? '', Boolean(alertId));
  if (alertId && alert.isPending) return <p>{t('notes.loading')}</p>;
  return <DeclareForm key={alert.data?.id ?? 'new'} session={session} alert={alertId ? (alert.data ?? null) : null} />;
}

function fromAlert(alert: Alert | null, nation: string): LabelInput {
  if (!alert) return emptyLabel();
  return {
    classification: alert.label.classification,
    relTo: alert.label.relTo.filter((n) => n !== nation),
    caveats: alert.label.caveats,
    tlp: alert.label.tlp,
    recipients: { orgs: [], users: [] },
  };
}

function DeclareForm({ session, alert }: { session: SessionResponse; alert: Alert | null }) {
  const { t } = useTranslation();
  const directory = useDirectory();
  const declare = useDeclareCrisis();
  const [title, setTitle] = useState(alert?.summary ?? '');
  const [summary, setSummary] = useState(alert?.details ?? '');
  const [exercise, setExercise] = useState(alert?.exercise ?? false);
  const [label, setLabel] = useState(() => fromAlert(alert, session.nation.code));
  if (!session.permissions.includes('crisis.declare')) return <p>{t('crisis.cannotDeclare')}</p>;
  if (directory.isPending) return <p>{t('notes.loading')}</p>;
  if (directory.error) return <ErrorMessage error={directory.error} />;
  return (
    <form
      className="crisis-form"
      onSubmit={(event) => {
        event.preventDefault();
        declare.mutate(
          { title, summary, exercise, label, ...(alert ? { alertId: alert.id } : {}) },
          { onSuccess: (crisis) => navigate(`/crises/${crisis.id}`) },
        );
      }}
    >
      {exercise && <div className="exercise-watermark">{t('hotline.exercise')}</div>}
      <h1>{t('crisis.declare')}</h1>
      {alert && <p className="muted">{t('crisis.fromAlert', { summary: alert.summary })}</p>}
      <label>
        {t('crisis.name')}
        <input name="title" required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} autoFocus />
      </label>
      <label>
        {t('crisis.summary')}
        <textarea name="summary" rows={4} maxLength={10000} value={summary} onChange={(e) => setSummary(e.target.value)} />
      </label>
      <label className="check">
        <input type="checkbox" name="exercise" checked={exercise} onChange={(e) => setExercise(e.target.checked)} />
        {t('crisis.exerciseFlag')}
      </label>
      <p className="muted">{t('crisis.participantsHint')}</p>
      <LabelPicker name="label" value={label} onChange={setLabel} directory={directory.data} nation={session.nation.code} />
      <ErrorMessage error={declare.error} />
      <button type="submit" disabled={declare.isPending}>
        {declare.isPending ? t('form.saving') : t('crisis.declareButton')}
      </button>
    </form>
  );
}
