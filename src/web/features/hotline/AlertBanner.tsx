import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useOpenAlerts, waitingDesks } from '../../api/hotline';
import { AppLink } from '../../components/AppLink';

/** A short two-tone cue; browsers may hold it back until the page has been interacted with. */
function playCue(): void {
  try {
    const audio = new AudioContext();
    for (const [index, frequency] of [880, 660].entries()) {
      const tone = audio.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(audio.destination);
      tone.start(audio.currentTime + index * 0.25);
      tone.stop(audio.currentTime + index * 0.25 + 0.2);
    }
  } catch {
    // No audio output: the banner alone carries the alert.
  }
}

/** Unmissable: every alert waiting for an answer from the signed-in person (see useOpenAlerts). */
export function AlertBanner({ dutyOfficer }: { dutyOfficer: boolean }) {
  const { t } = useTranslation();
  const open = useOpenAlerts(dutyOfficer);
  const seen = useRef(new Set<string>());
  const alerts = open.data ?? [];
  useEffect(() => {
    const fresh = alerts.filter((a) => !seen.current.has(a.id));
    for (const a of fresh) seen.current.add(a.id);
    if (fresh.length > 0) playCue();
  }, [alerts]);
  if (alerts.length === 0) return null;
  return (
    <div className="alert-banner" role="alert" data-testid="alert-banner">
      {alerts.map((a) => (
        <p key={a.id}>
          {a.exercise && <strong>{t('hotline.exercise')} </strong>}
          {t('hotline.bannerLine', {
            severity: t(`hotline.severities.${a.severity}`),
            desks: waitingDesks(a)
              .map((d) => d.deskName)
              .join(', '),
          })}{' '}
          <AppLink to={`/alerts/${a.id}`}>{t('hotline.openAlert')}</AppLink>
        </p>
      ))}
    </div>
  );
}
