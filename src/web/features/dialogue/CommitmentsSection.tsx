import { meetingAudienceLabel } from './meeting-label';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommitmentTracker, useCommitments, useCreateCommitment } from '../../api/commitments';
import { useMeetingStatements } from '../../api/dialogue';
import { useDirectory } from '../../api/notes';
import { AppLink } from '../../components/AppLink';
import { DateTimeInput } from '../../components/DateTimeInput';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LabelPicker } from '../../components/LabelPicker';
import { CommitmentTable, OwnerNationsField, TrackerTable } from '../commitments/CommitmentParts';
import { commitmentsAddress } from '../commitments/commitment-address';
import type { CommitmentSource } from '../../../shared/contracts/commitments';
import type { Meeting } from '../../../shared/contracts/dialogue';
import type { LabelInput } from '../../../shared/labels/label';

/**
 * What the meeting committed its nations to: the tracker of its commitments per owner nation, the
 * list, soonest due first, and for the host's organisers a form to record one, from a statement or
 * an agenda item's minutes.
 */
export function CommitmentsSection({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const tracker = useCommitmentTracker(meeting.id);
  const list = useCommitments({ meetingId: meeting.id });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="commitments-heading">
      <h2 id="commitments-heading">{t('commitments.title')}</h2>
      <ErrorMessage error={tracker.error ?? list.error} />
      {list.data && items.length === 0 && (
        <p className="empty">{meeting.can.organise ? t('commitments.emptyOrganise') : t('commitments.emptyMeeting')}</p>
      )}
      {tracker.data && tracker.data.total > 0 && (
        <>
          <h3 id="meeting-tracker-heading">{t('commitments.trackerTitle')}</h3>
          <TrackerTable tracker={tracker.data} base={{ meetingId: meeting.id }} labelledBy="meeting-tracker-heading" />
        </>
      )}
      {items.length > 0 && <CommitmentTable items={items} meeting={false} />}
      {list.hasNextPage && (
        <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {t('notes.loadMore')}
        </button>
      )}
      {items.length > 0 && (
        <p>
          <AppLink to={commitmentsAddress({ meetingId: meeting.id })}>{t('commitments.allOfMeeting')}</AppLink>
        </p>
      )}
      {meeting.can.organise && <RecordForm meeting={meeting} />}
    </section>
  );
}

/** A source as the select holds it: `statement:<id>`, `minutes:<agenda item id>`, or '' for none. */
function sourceOf(value: string): CommitmentSource | null {
  const [kind, id] = value.split(':');
  if (!id) return null;
  return kind === 'statement' ? { kind: 'statement', id } : { kind: 'minutes', id };
}

function RecordForm({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const create = useCreateCommitment(meeting.id);
  // The statements the statements section fetched: the same query, asked once.
  const statements = useMeetingStatements(meeting.id);
  const directory = useDirectory();
  const [text, setText] = useState('');
  const [owners, setOwners] = useState<string[]>([]);
  const [dueOn, setDueOn] = useState('');
  const [source, setSource] = useState('');
  const [ownLabel, setOwnLabel] = useState(false);
  const [label, setLabel] = useState<LabelInput>(() => meetingAudienceLabel(meeting));
  return (
    <form
      className="commitment-form"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate(
          { text, ownerNations: owners, dueOn, source: sourceOf(source), ...(ownLabel ? { label } : {}) },
          {
            onSuccess: () => {
              setText('');
              setOwners([]);
              setDueOn('');
              setSource('');
              setOwnLabel(false);
            },
          },
        );
      }}
    >
      <h3>{t('commitments.record')}</h3>
      <label>
        {t('commitments.commitment')}
        <textarea
          name="commitment-text"
          dir="auto"
          rows={3}
          required
          maxLength={4000}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <OwnerNationsField prefix="owner" nations={meeting.participants} owners={owners} onChange={setOwners} />
      <DateTimeInput name="commitment-due" label={t('commitments.due')} value={dueOn} onChange={setDueOn} mode="date" required />
      <label>
        {t('commitments.source')}
        <select name="commitment-source" value={source} onChange={(e) => setSource(e.target.value)}>
          <option value="">{t('commitments.noSource')}</option>
          {(statements.data?.items ?? []).map((s) => (
            <option key={s.id} value={`statement:${s.id}`}>
              {t('commitments.statementOption', { title: s.title })}
            </option>
          ))}
          {meeting.agenda.map((item) => (
            <option key={item.id} value={`minutes:${item.id}`}>
              {t('commitments.minutesOption', { number: item.number, title: item.title })}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" name="commitment-own-label" checked={ownLabel} onChange={(e) => setOwnLabel(e.target.checked)} />
        {t('commitments.ownLabel')}
      </label>
      {ownLabel && directory.data && (
        <LabelPicker name="commitment-label" value={label} onChange={setLabel} directory={directory.data} nation={meeting.host} />
      )}
      <ErrorMessage error={create.error} />
      <button type="submit" disabled={create.isPending}>
        {t('commitments.recordButton')}
      </button>
    </form>
  );
}
