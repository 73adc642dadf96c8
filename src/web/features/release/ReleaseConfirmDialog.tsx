import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useAudiencePreview } from '../../api/incidents';
import { ApiError } from '../../api/client';
import type { LabelInput } from '../../../shared/labels/label';

export interface ReleaseChoice {
  key: string;
  title: string;
  marking: string;
  label: LabelInput;
}

/** Who will read a record released under `label`, in plain words, from the audience preview. */
function Readers({ label, testId }: { label: LabelInput; testId: string }) {
  const { t } = useTranslation();
  const preview = useAudiencePreview(label);
  if (preview.error)
    return <p className="hint">{preview.error instanceof ApiError ? preview.error.message : t('form.previewUnavailable')}</p>;
  if (!preview.data) return <p className="hint">…</p>;
  const { users, nations, organisations } = preview.data;
  const own = nations.find((n) => n.users !== undefined)?.code ?? '';
  const others = nations.filter((n) => n.users === undefined).map((n) => n.code);
  return (
    <p data-testid={testId}>
      {t('releaseQueue.readers', { count: users, nation: own })}
      {organisations.length > 0 &&
        ` ${t('releaseQueue.readersOrgs', { orgs: organisations.map((o) => `${o.name} (${o.nation})`).join(', ') })}`}
      {others.length > 0 && ` ${t('releaseQueue.readersOthers', { nations: others.join(', ') })}`}
    </p>
  );
}

/** The last look before releasing: each record, its marking, and who will be able to read it. */
export function ReleaseConfirmDialog({
  choices,
  onConfirm,
  onCancel,
  busy,
}: {
  choices: ReleaseChoice[];
  onConfirm: () => void;
  onCancel: () => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      data-testid="release-confirm"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId}>{t('releaseQueue.confirmTitle', { count: choices.length })}</h2>
      <ul>
        {choices.map((c) => (
          <li key={c.key}>
            <strong>{c.title}</strong> — <span className="marking">{c.marking}</span>
            <Readers label={c.label} testId={`readers-${c.key}`} />
          </li>
        ))}
      </ul>
      <p className="hint">{t('releaseQueue.confirmHint')}</p>
      <div className="row">
        <button type="button" onClick={onConfirm} disabled={busy} autoFocus>
          {t('releaseQueue.confirm', { count: choices.length })}
        </button>
        <button type="button" onClick={onCancel}>
          {t('releaseQueue.cancel')}
        </button>
      </div>
    </dialog>
  );
}
