import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useSetContacts } from '../../api/hotline';
import { ErrorMessage } from '../../components/ErrorMessage';
import { CONTACT_KINDS } from '../../../shared/vocab/hotline';
import { ContactList } from './OnDutyCard';
import type { Desk, DeskContact } from '../../../shared/contracts/hotline';
import type { ContactKind } from '../../../shared/vocab/hotline';

/** The desk's numbers: every partner who reads the desk sees them, so they are edited with care. */
export function ContactsPanel({ desk, canManage }: { desk: Desk; canManage: boolean }) {
  const { t } = useTranslation();
  const save = useSetContacts(desk.id);
  const [draft, setDraft] = useState<DeskContact[] | null>(null);
  const contacts = draft ?? desk.contacts;
  const issue = (i: number, field: string) =>
    save.error instanceof ApiError ? save.error.issues.find((x) => x.path === `contacts.${i}.${field}`)?.message : undefined;
  const set = (i: number, change: Partial<DeskContact>) => setDraft(contacts.map((c, j) => (j === i ? { ...c, ...change } : c)));
  if (!canManage)
    return (
      <section aria-labelledby="contacts-heading">
        <h2 id="contacts-heading">{t('desks.contacts.title')}</h2>
        <ContactList contacts={desk.contacts} />
      </section>
    );
  return (
    <section aria-labelledby="contacts-heading">
      <h2 id="contacts-heading">{t('desks.contacts.title')}</h2>
      <p className="muted">{t('desks.contacts.shared')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const cleaned = contacts.map((c) => (c.note?.trim() ? c : { kind: c.kind, value: c.value }));
          save.mutate(cleaned, { onSuccess: () => setDraft(null) });
        }}
      >
        {contacts.length === 0 && <p className="empty">{t('desks.contacts.noneYet')}</p>}
        <ul className="contact-rows" data-testid="contact-rows">
          {contacts.map((c, i) => (
            <li key={i} className="contact-row">
              <label>
                {t('desks.contacts.kind')}
                <select name={`contact-${i}-kind`} value={c.kind} onChange={(e) => set(i, { kind: e.target.value as ContactKind })}>
                  {CONTACT_KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {t(`desks.contactKinds.${kind}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('desks.contacts.value')}
                <input
                  name={`contact-${i}-value`}
                  dir="ltr"
                  required
                  maxLength={120}
                  value={c.value}
                  placeholder={c.kind === 'email' ? 'duty@mod.example' : '+998 71 123 45 67'}
                  aria-invalid={issue(i, 'value') ? true : undefined}
                  onChange={(e) => set(i, { value: e.target.value })}
                />
              </label>
              <label>
                {t('desks.contacts.note')}
                <input name={`contact-${i}-note`} maxLength={120} value={c.note ?? ''} onChange={(e) => set(i, { note: e.target.value })} />
              </label>
              <button type="button" onClick={() => setDraft(contacts.filter((_, j) => j !== i))}>
                {t('desks.contacts.remove')}
              </button>
              {issue(i, 'value') && <p className="field-error">{issue(i, 'value')}</p>}
            </li>
          ))}
        </ul>
        <button type="button" disabled={contacts.length >= 12} onClick={() => setDraft([...contacts, { kind: 'phone', value: '' }])}>
          {t('desks.contacts.add')}
        </button>{' '}
        <button type="submit" disabled={save.isPending || draft === null}>
          {t('desks.contacts.save')}
        </button>
        <ErrorMessage error={save.error} />
      </form>
    </section>
  );
}
