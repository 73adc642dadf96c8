import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRecallRecord, useRecalls } from '../api/recalls';
import { ErrorMessage } from './ErrorMessage';
import type { RecallableKind } from '../api/recalls';
import { Moment } from './Moment';

interface Recallable {
  id: string;
  releaseState: 'draft' | 'released';
  label: { state: 'active' | 'recalled' };
  can: { recall: boolean };
}

/**
 * Recalling a record of one's own organisation (releasing officers): a reason, a confirmation, and
 * then per partner node that received it whether it confirmed the purge (pending, applied, overdue).
 */
export function RecallPanel({ kind, record }: { kind: RecallableKind; record: Recallable }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const recall = useRecallRecord(kind, record.id);
  if (record.label.state === 'recalled') return <RecallStatus recordId={record.id} />;
  // A draft never left the organisation: there is nothing to recall from anyone.
  if (!record.can.recall || record.releaseState !== 'released') return null;
  return (
    <form
      className="recall"
      onSubmit={(event) => {
        event.preventDefault();
        if (window.confirm(t('recall.confirm'))) recall.mutate(reason);
      }}
    >
      <h2>{t('recall.title')}</h2>
      <p className="hint">{t('recall.hint')}</p>
      <label>
        {t('recall.reason')}
        <input name="reason" required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <ErrorMessage error={recall.error} />
      <button type="submit" className="danger" disabled={recall.isPending}>
        {t('recall.submit')}
      </button>
    </form>
  );
}

function RecallStatus({ recordId }: { recordId: string }) {
  const { t } = useTranslation();
  const recalls = useRecalls(recordId);
  const latest = recalls.data?.items[0];
  if (!latest) return <p className="chip recalled">{t('recall.recalled')}</p>;
  return (
    <section className="recall" data-testid="recall-status">
      <h2>{t('recall.recalled')}</h2>
      <p>
        <Moment at={latest.recalledAt} /> — {latest.reason}
      </p>
      {latest.partners.length === 0 ? (
        <p className="empty">{t('recall.noPartners')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t('federation.nation')}</th>
              <th>{t('recall.status')}</th>
            </tr>
          </thead>
          <tbody>
            {latest.partners.map((p) => (
              <tr key={p.nodeId} data-status={p.status}>
                <td>{p.nation}</td>
                <td className={p.status === 'overdue' ? 'overdue' : undefined}>
                  {t(`recall.${p.status}`)}
                  {p.appliedAt && (
                    <>
                      {' · '}
                      <Moment at={p.appliedAt} />
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
