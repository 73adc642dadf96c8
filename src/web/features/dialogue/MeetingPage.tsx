import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAnswerInvitation, useCancelMeeting, useMeeting } from '../../api/dialogue';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import { Moment } from '../../components/Moment';
import { INVITATION_ANSWERS } from '../../../shared/vocab/dialogue';
import { AgendaSection } from './AgendaSection';
import { CommitmentsSection } from './CommitmentsSection';
import { DelegationSection } from './DelegationSection';
import { StatementsSection } from './StatementsSection';
import { inVenueZone } from './meeting-time';
import type { Meeting } from '../../../shared/contracts/dialogue';
import type { InvitationAnswer } from '../../../shared/vocab/dialogue';
import './dialogue.css';

/** One meeting: where and when, who was invited and who answered, the delegations, the agenda and its minutes, its statements and commitments. */
export function MeetingPage({ id, nation }: { id: string; nation: string }) {
  const { t, i18n } = useTranslation();
  const meeting = useMeeting(id);
  if (meeting.isPending) return <p>{t('notes.loading')}</p>;
  if (meeting.error) return <ErrorMessage error={meeting.error} />;
  const m = meeting.data;
  const markings = [
    m.label,
    ...m.answers.map((a) => a.label),
    ...m.delegations.map((d) => d.label),
    ...m.agenda.flatMap((i) => [i.label, ...(i.minutes ? [i.minutes.label] : []), ...i.attachments.map((a) => a.label)]),
  ];
  return (
    <article className="meeting">
      <MarkingBanner markings={markings} />
      <h1>{m.title}</h1>
      <p className="muted">
        {t(`dialogue.kinds.${m.kind}`)} · {t('dialogue.hostedBy', { nation: m.host })} · {t(`dialogue.statuses.${m.status}`)}
        {m.partnerNode && <> · {t('dialogue.partnerNode')}</>}
      </p>
      <dl className="facts">
        <dt>{t('dialogue.starts')}</dt>
        <dd>{inVenueZone(m.startsAt, m.timeZone, i18n.language)}</dd>
        <dt>{t('dialogue.ends')}</dt>
        <dd>{inVenueZone(m.endsAt, m.timeZone, i18n.language)}</dd>
        <dt>{t('dialogue.venue')}</dt>
        <dd>{m.venue.online ? t('dialogue.online') : `${m.venue.name}, ${m.venue.country}`}</dd>
        {m.answerBy && (
          <>
            <dt>{t('dialogue.answerBy')}</dt>
            <dd>
              <Moment at={m.answerBy} />
            </dd>
          </>
        )}
      </dl>
      {m.summary && <p className="summary">{m.summary}</p>}
      {m.can.organise && (
        <p className="actions">
          <AppLink to={`/meetings/${m.id}/edit`}>{t('dialogue.change')}</AppLink>
        </p>
      )}
      {m.can.organise && <CancelButton id={m.id} />}
      <Invitations meeting={m} nation={nation} />
      <DelegationSection meeting={m} nation={nation} />
      <AgendaSection meeting={m} />
      <StatementsSection meeting={m} />
      <CommitmentsSection meeting={m} />
    </article>
  );
}

function CancelButton({ id }: { id: string }) {
  const { t } = useTranslation();
  const cancel = useCancelMeeting(id);
  return (
    <p>
      <button
        type="button"
        onClick={() => {
          if (window.confirm(t('dialogue.cancelConfirm'))) cancel.mutate(undefined);
        }}
        disabled={cancel.isPending}
      >
        {t('dialogue.cancel')}
      </button>
      <ErrorMessage error={cancel.error} />
    </p>
  );
}

/** Who was invited and what each answered (as far as the reader may read the answers); the reader's nation answers here. */
function Invitations({ meeting, nation }: { meeting: Meeting; nation: string }) {
  const { t } = useTranslation();
  const byNation = new Map(meeting.answers.map((a) => [a.nation, a]));
  return (
    <section aria-labelledby="invitations">
      <h2 id="invitations">{t('dialogue.invitations')}</h2>
      <table data-testid="invitations">
        <thead>
          <tr>
            <th>{t('dialogue.nation')}</th>
            <th>{t('dialogue.answer')}</th>
            <th>{t('dialogue.note')}</th>
          </tr>
        </thead>
        <tbody>
          {meeting.participants.map((n) => {
            const answer = byNation.get(n);
            return (
              <tr key={n}>
                <td>{n}</td>
                <td>
                  {n === meeting.host && !answer
                    ? t('dialogue.hosting')
                    : answer
                      ? t(`dialogue.answers.${answer.answer}`)
                      : t('dialogue.noAnswer')}
                </td>
                <td>{answer?.note}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {meeting.can.attend && meeting.host !== nation && <AnswerForm meeting={meeting} current={byNation.get(nation)} />}
    </section>
  );
}

/** The nation's answer, starting from the one it gave (answering again changes it). */
function AnswerForm({ meeting, current }: { meeting: Meeting; current: Meeting['answers'][number] | undefined }) {
  const { t } = useTranslation();
  const answer = useAnswerInvitation(meeting.id);
  const [choice, setChoice] = useState<InvitationAnswer>(current?.answer ?? 'accepted');
  const [note, setNote] = useState(current?.note ?? '');
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        answer.mutate({ answer: choice, note });
      }}
    >
      <fieldset>
        <legend>{t('dialogue.yourAnswer')}</legend>
        {INVITATION_ANSWERS.map((a) => (
          <label key={a} className="check">
            <input type="radio" name="answer" value={a} checked={choice === a} onChange={() => setChoice(a)} />
            {t(`dialogue.answers.${a}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('dialogue.note')}
        <input name="answer-note" maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <ErrorMessage error={answer.error} />
      <button type="submit" disabled={answer.isPending}>
        {t('dialogue.sendAnswer')}
      </button>
    </form>
  );
}
