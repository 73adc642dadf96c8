import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateMeeting, useMeeting, useUpdateMeeting } from '../../api/dialogue';
import { useDirectory } from '../../api/notes';
import { navigate } from '../../app/router';
import { DateTimeInput } from '../../components/DateTimeInput';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LabelPicker, emptyLabel } from '../../components/LabelPicker';
import { VenueFields } from '../../components/VenueFields';
import { MEETING_KINDS } from '../../../shared/vocab/dialogue';
import type { SessionResponse } from '../../../shared/contracts/auth';
import type { MeetingKind } from '../../../shared/vocab/dialogue';
import type { Meeting } from '../../../shared/contracts/dialogue';
import type { LabelInput } from '../../../shared/labels/label';

const toIso = (utc: string) => (utc ? new Date(utc).toISOString() : '');
/** An instant as the date input holds it (`YYYY-MM-DDTHH:MMZ`). */
const toInput = (iso: string | null) => (iso ? `${iso.slice(0, 16)}Z` : '');

/** Change a meeting: the same form, filled with it, sent with the version it shows. */
export function MeetingEditPage({ session, id }: { session: SessionResponse; id: string }) {
  const { t } = useTranslation();
  const meeting = useMeeting(id);
  if (meeting.isPending) return <p>{t('notes.loading')}</p>;
  if (meeting.error) return <ErrorMessage error={meeting.error} />;
  if (!meeting.data.can.organise) return <p>{t('dialogue.cannotOrganise')}</p>;
  return <MeetingForm session={session} meeting={meeting.data} />;
}

const labelOf = (meeting: Meeting, nation: string): LabelInput => ({
  classification: meeting.label.classification,
  relTo: meeting.label.relTo.filter((n) => n !== nation),
  caveats: meeting.label.caveats,
  tlp: meeting.label.tlp,
  recipients: meeting.label.recipients,
});

/**
 * Organise a meeting hosted by the person's nation — who is invited, where, when, under which
 * label — or, given one, change it.
 */
export function MeetingForm({ session, meeting }: { session: SessionResponse; meeting?: Meeting }) {
  const { t } = useTranslation();
  const id = useId();
  const directory = useDirectory();
  const create = useCreateMeeting();
  const update = useUpdateMeeting(meeting?.id ?? '');
  const save = meeting ? update : create;
  const place = meeting && !meeting.venue.online ? meeting.venue : null;
  const [title, setTitle] = useState(meeting?.title ?? '');
  const [kind, setKind] = useState<MeetingKind>(meeting?.kind ?? 'conference');
  const [summary, setSummary] = useState(meeting?.summary ?? '');
  const [online, setOnline] = useState(meeting?.venue.online ?? false);
  const [venue, setVenue] = useState({
    name: place?.name ?? '',
    country: place?.country ?? session.nation.code,
    lat: place ? String(place.lat) : '',
    lon: place ? String(place.lon) : '',
  });
  const [timeZone, setTimeZone] = useState(meeting?.timeZone ?? 'Asia/Karachi');
  const [startsAt, setStartsAt] = useState(toInput(meeting?.startsAt ?? null));
  const [endsAt, setEndsAt] = useState(toInput(meeting?.endsAt ?? null));
  const [answerBy, setAnswerBy] = useState(toInput(meeting?.answerBy ?? null));
  const [participants, setParticipants] = useState<string[]>(meeting?.participants.filter((n) => n !== session.nation.code) ?? []);
  const [label, setLabel] = useState(() => (meeting ? labelOf(meeting, session.nation.code) : emptyLabel()));
  if (!session.permissions.includes('meeting.organise')) return <p>{t('dialogue.cannotOrganise')}</p>;
  if (directory.isPending) return <p>{t('notes.loading')}</p>;
  if (directory.error) return <ErrorMessage error={directory.error} />;
  const others = directory.data.nations.filter((n) => n.code !== session.nation.code);
  return (
    <form
      className="meeting-form"
      onSubmit={(event) => {
        event.preventDefault();
        const body = {
          title,
          kind,
          summary,
          venue: online
            ? { online: true as const }
            : { online: false as const, name: venue.name, country: venue.country, lat: Number(venue.lat), lon: Number(venue.lon) },
          timeZone,
          startsAt: toIso(startsAt),
          endsAt: toIso(endsAt),
          participants,
          answerBy: answerBy ? toIso(answerBy) : null,
          label,
        };
        const done = { onSuccess: (saved: Meeting) => navigate(`/meetings/${saved.id}`) };
        if (meeting) update.mutate({ ...body, version: meeting.version }, done);
        else create.mutate(body, done);
      }}
    >
      <h1>{meeting ? t('dialogue.change') : t('dialogue.organise')}</h1>
      <label>
        {t('dialogue.meeting')}
        <input name="title" required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} autoFocus />
      </label>
      <label>
        {t('dialogue.kind')}
        <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as MeetingKind)}>
          {MEETING_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`dialogue.kinds.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('dialogue.summary')}
        <textarea name="summary" rows={3} maxLength={10000} value={summary} onChange={(e) => setSummary(e.target.value)} />
      </label>
      <VenueFields
        legend={t('dialogue.venue')}
        withoutPlace={{ name: 'online', label: t('dialogue.online'), checked: online, onChange: setOnline }}
        placeLabel={t('dialogue.venueName')}
        venue={venue}
        onVenueChange={setVenue}
        nations={directory.data.nations}
        timeZone={timeZone}
        onTimeZoneChange={setTimeZone}
        zoneListId={`${id}-zones`}
      />
      <DateTimeInput name="starts-at" label={t('dialogue.starts')} value={startsAt} onChange={setStartsAt} required />
      <DateTimeInput name="ends-at" label={t('dialogue.ends')} value={endsAt} onChange={setEndsAt} required />
      <DateTimeInput name="answer-by" label={t('dialogue.answerBy')} value={answerBy} onChange={setAnswerBy} />
      <fieldset>
        <legend>{t('dialogue.invite')}</legend>
        {others.map((n) => (
          <label key={n.code} className="check">
            <input
              type="checkbox"
              name={`invite-${n.code}`}
              checked={participants.includes(n.code)}
              onChange={() =>
                setParticipants(participants.includes(n.code) ? participants.filter((p) => p !== n.code) : [...participants, n.code])
              }
            />
            {n.code}
          </label>
        ))}
        <p className="muted">{t('dialogue.inviteHint')}</p>
      </fieldset>
      <LabelPicker name="label" value={label} onChange={setLabel} directory={directory.data} nation={session.nation.code} />
      <ErrorMessage error={save.error} />
      <button type="submit" disabled={save.isPending}>
        {save.isPending ? t('form.saving') : meeting ? t('dialogue.saveChanges') : t('dialogue.organiseButton')}
      </button>
    </form>
  );
}
