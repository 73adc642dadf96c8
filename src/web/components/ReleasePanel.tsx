import { useTranslation } from 'react-i18next';
import { ErrorMessage } from './ErrorMessage';
import type { UseMutationResult } from '@tanstack/react-query';
import type { LabelInput } from '../../shared/labels/label';

interface Releasable {
  releaseState: 'draft' | 'released';
  proposedLabel?: { marking: string };
  pendingRelease?: { label: { marking: string }; byMe: boolean };
  can: { release: boolean };
}

/** The draft's proposed marking, a release waiting for a second approver, and the release button. */
export function ReleasePanel({
  record,
  release,
}: {
  record: Releasable;
  release: UseMutationResult<unknown, Error, LabelInput | undefined>;
}) {
  const { t } = useTranslation();
  if (record.releaseState !== 'draft' || !record.proposedLabel) return null;
  return (
    <section className="release">
      <h2>{t('incidents.releaseTitle')}</h2>
      <p>
        {t('incidents.proposed')}: <strong data-testid="proposed-marking">{record.proposedLabel.marking}</strong>
      </p>
      {record.pendingRelease && (
        <p data-testid="pending-release">
          {t('incidents.pending', { marking: record.pendingRelease.label.marking })}
          {record.pendingRelease.byMe ? ` ${t('incidents.pendingByMe')}` : ''}
        </p>
      )}
      {record.can.release && !record.pendingRelease?.byMe ? (
        <>
          <ErrorMessage error={release.error} />
          <button type="button" onClick={() => release.mutate(undefined)} disabled={release.isPending}>
            {record.pendingRelease ? t('incidents.approveRelease') : t('incidents.release')}
          </button>
        </>
      ) : (
        <p className="hint">{t('incidents.awaitingRelease')}</p>
      )}
    </section>
  );
}
