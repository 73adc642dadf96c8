import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWriteDelegation } from '../../api/dialogue';
import { ErrorMessage } from '../../components/ErrorMessage';
import type { Delegate, Meeting } from '../../../shared/contracts/dialogue';

const person = (d: Delegate) => [d.rank, d.name].filter(Boolean).join(' ') + (d.appointment ? `, ${d.appointment}` : '');

/** The delegations the reader may read; the reader's nation names its own. */
export function DelegationSection({ meeting, nation }: { meeting: Meeting; nation: string }) {
  const { t } = useTranslation();
  const own = meeting.delegations.find((d) => d.nation === nation);
  const [editing, setEditing] = useState(false);
  return (
    <section aria-labelledby="delegations">
      <h2 id="delegations">{t('dialogue.delegations')}</h2>
      {meeting.delegations.length === 0 && <p className="empty">{t('dialogue.noDelegations')}</p>}
      {meeting.delegations.map((d) => (
        <div key={d.id} className="delegation" data-testid={`delegation-${d.nation}`}>
          <h3>{d.nation}</h3>
          <p>
            {t('dialogue.head')}: {person(d.head)}
          </p>
          {d.members.length > 0 && (
            <ul>
              {d.members.map((m, i) => (
                <li key={i}>{person(m)}</li>
              ))}
            </ul>
          )}
        </div>
      ))}
      {meeting.can.attend &&
        (editing ? (
          <DelegationForm meetingId={meeting.id} initial={own ? [own.head, ...own.members] : []} onDone={() => setEditing(false)} />
        ) : (
          <button type="button" onClick={() => setEditing(true)}>
            {own ? t('dialogue.changeDelegation') : t('dialogue.nameDelegation')}
          </button>
        ))}
    </section>
  );
}

const blank = (): Delegate => ({ name: '', rank: '', appointment: '' });

/** The head of delegation first, then its members; rows are added and removed with buttons. */
function DelegationForm({ meetingId, initial, onDone }: { meetingId: string; initial: Delegate[]; onDone: () => void }) {
  const { t } = useTranslation();
  const write = useWriteDelegation(meetingId);
  const [people, setPeople] = useState<Delegate[]>(initial.length > 0 ? initial : [blank()]);
  const set = (i: number, field: keyof Delegate, value: string) =>
    setPeople(people.map((p, j) => (j === i ? { ...p, [field]: value } : p)));
  return (
    <form
      className="delegation-form"
      onSubmit={(event) => {
        event.preventDefault();
        const [head, ...members] = people;
        if (head) write.mutate({ head, members }, { onSuccess: onDone });
      }}
    >
      {people.map((p, i) => (
        <fieldset key={i}>
          <legend>{i === 0 ? t('dialogue.head') : t('dialogue.member', { n: i })}</legend>
          <label>
            {t('dialogue.personName')}
            <input
              name={`delegate-${i}-name`}
              required
              maxLength={200}
              value={p.name}
              onChange={(e) => set(i, 'name', e.target.value)}
              autoFocus={i === 0}
            />
          </label>
          <label>
            {t('dialogue.rank')}
            <input name={`delegate-${i}-rank`} maxLength={100} value={p.rank} onChange={(e) => set(i, 'rank', e.target.value)} />
          </label>
          <label>
            {t('dialogue.appointment')}
            <input
              name={`delegate-${i}-appointment`}
              maxLength={200}
              value={p.appointment}
              onChange={(e) => set(i, 'appointment', e.target.value)}
            />
          </label>
          {i > 0 && (
            <button type="button" onClick={() => setPeople(people.filter((_, j) => j !== i))}>
              {t('dialogue.removeMember')}
            </button>
          )}
        </fieldset>
      ))}
      <button type="button" onClick={() => setPeople([...people, blank()])}>
        {t('dialogue.addMember')}
      </button>
      <ErrorMessage error={write.error} />
      <button type="submit" disabled={write.isPending}>
        {t('dialogue.saveDelegation')}
      </button>
      <button type="button" onClick={onDone}>
        {t('dialogue.close')}
      </button>
    </form>
  );
}
