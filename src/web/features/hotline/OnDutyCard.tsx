import { useTranslation } from 'react-i18next';
import { formatLocal, formatUtc } from '../incidents/format';
import type { Desk, DeskContact } from '../../../shared/contracts/hotline';
import './desks.css';

const DIALLED = new Set(['phone', 'secure-voice', 'mobile']);

/** A contact as a link where a device can act on it (tap to call or write). */
function ContactValue({ contact }: { contact: DeskContact }) {
  const href = DIALLED.has(contact.kind)
    ? `tel:${contact.value.replace(/[^\d+]/g, '')}`
    : contact.kind === 'email'
      ? `mailto:${contact.value}`
      : null;
  // Numbers and addresses read left to right in every language.
  return (
    <bdi dir="ltr" className="contact-value">
      {href ? <a href={href}>{contact.value}</a> : contact.value}
    </bdi>
  );
}

export function ContactList({ contacts }: { contacts: DeskContact[] }) {
  const { t } = useTranslation();
  if (contacts.length === 0) return <p className="muted">{t('desks.contacts.none')}</p>;
  return (
    <dl className="contact-list">
      {contacts.map((c, i) => (
        <div key={i}>
          <dt>{t(`desks.contactKinds.${c.kind}`)}</dt>
          <dd>
            <ContactValue contact={c} />
            {c.note && <span className="muted"> — {c.note}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * Who is on duty now at a desk and how to reach it: the duty officers whose shift holds now and
 * the primary (for the desk's own nation, which alone sees its people), and the desk's numbers
 * (for everyone who reads the desk).
 */
export function OnDutyCard({ desk, headingLevel = 2 }: { desk: Desk; headingLevel?: 2 | 3 }) {
  const { t, i18n } = useTranslation();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const onDuty = desk.onDuty;
  return (
    <section className="on-duty-card" data-testid={`on-duty-${desk.id}`} aria-label={t('desks.onDuty.title', { desk: desk.name })}>
      <Heading>{t('desks.onDuty.title', { desk: desk.name })}</Heading>
      {onDuty && (
        <>
          {onDuty.dutyOfficers.length === 0 ? (
            <p className="warning-text">{t('desks.onDuty.nobody')}</p>
          ) : (
            <ul className="on-duty-people">
              {onDuty.dutyOfficers.map((d) => (
                <li key={d.userId}>
                  <strong>{d.displayName}</strong> <span className="muted">({d.username})</span> —{' '}
                  {t('desks.onDuty.until', { utc: formatUtc(d.until), local: formatLocal(d.until, i18n.language) })}
                </li>
              ))}
            </ul>
          )}
          {onDuty.primary.length > 0 && (
            <p>
              {t('hotline.roles.primary')}: {onDuty.primary.map((p) => p.displayName).join(', ')}
            </p>
          )}
        </>
      )}
      <ContactList contacts={desk.contacts} />
    </section>
  );
}
