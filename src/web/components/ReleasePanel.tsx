import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDirectory } from '../api/notes';
import { ReleaseConfirmDialog } from '../features/release/ReleaseConfirmDialog';
import { labelInputOf, markingWith } from '../features/release/release-labels';
import { ErrorMessage } from './ErrorMessage';
import { LabelPicker } from './LabelPicker';
import type { UseMutationResult } from '@tanstack/react-query';
import type { LabelInput } from '../../shared/labels/label';

type Presented = LabelInput & { originator: { nation: string; org: string }; marking: string };

interface Releasable {
  releaseState: 'draft' | 'released';
  proposedLabel?: Presented;
  pendingRelease?: { label: Presented; byMe: boolean };
  can: { release: boolean };
  title?: string;
  name?: string;
  value?: string;
}

/**
 * The draft's proposed marking, a release waiting for a second approver, and the release: the
 * label may be adjusted first (with who will read it), and a confirmation says who will be able to read it.
 */
export function ReleasePanel({
  record,
  release,
}: {
  record: Releasable;
  release: UseMutationResult<unknown, Error, LabelInput | undefined>;
}) {
  const { t } = useTranslation();
  const directory = useDirectory();
  const [adjusted, setAdjusted] = useState<LabelInput | null>(null);
  const [adjusting, setAdjusting] = useState(false);
  const [confirming, setConfirming] = useState(false);
  if (record.releaseState !== 'draft' || !record.proposedLabel) return null;
  const proposed = record.proposedLabel;
  // A second approver approves the label the first one approved, unless they adjust it (which starts over).
  const base = record.pendingRelease?.label ?? proposed;
  const label = adjusted ?? labelInputOf(base);
  const marking = adjusted ? markingWith(proposed, adjusted) : base.marking;
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
          <button type="button" aria-expanded={adjusting} onClick={() => setAdjusting(!adjusting)}>
            {t('releaseQueue.adjust')}
          </button>
          {adjusting && directory.data && (
            <>
              <LabelPicker
                value={label}
                onChange={setAdjusted}
                directory={directory.data}
                nation={proposed.originator.nation}
                name="release"
              />
              {adjusted && (
                <button type="button" onClick={() => setAdjusted(null)}>
                  {t('releaseQueue.useProposed')}
                </button>
              )}
            </>
          )}{' '}
          <button type="button" onClick={() => setConfirming(true)} disabled={release.isPending}>
            {record.pendingRelease ? t('incidents.approveRelease') : adjusted ? t('releaseQueue.releaseAdjusted') : t('incidents.release')}
          </button>
          {confirming && (
            <ReleaseConfirmDialog
              choices={[{ key: 'record', title: record.title ?? record.name ?? record.value ?? '', marking, label }]}
              busy={release.isPending}
              onCancel={() => setConfirming(false)}
              onConfirm={() =>
                release.mutate(adjusted ?? (record.pendingRelease ? label : undefined), { onSettled: () => setConfirming(false) })
              }
            />
          )}
        </>
      ) : (
        <p className="hint">{t('incidents.awaitingRelease')}</p>
      )}
    </section>
  );
}
