import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentSubscription, pushSupported, subscribeThisBrowser, unsubscribeThisBrowser, usePushKey } from '../../api/push';

/** "Notify me on this device": hotline steps as push notifications, when the node sends Web Push. */
export function PushToggle() {
  const { t } = useTranslation();
  const key = usePushKey();
  const [on, setOn] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const available = pushSupported() && key.data?.enabled === true && key.data.publicKey !== null;
  useEffect(() => {
    if (available)
      void currentSubscription().then(
        (s) => setOn(s !== null),
        () => setOn(false),
      );
  }, [available]);
  if (!available || on === null) return null;
  const toggle = async () => {
    setBusy(true);
    setProblem(null);
    try {
      if (on) await unsubscribeThisBrowser();
      else await subscribeThisBrowser(key.data!.publicKey!);
      setOn(!on);
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="push-toggle">
      <button type="button" disabled={busy} aria-pressed={on} onClick={() => void toggle()}>
        {on ? t('shell.pushOff') : t('shell.pushOn')}
      </button>
      {problem && <span role="alert"> {problem}</span>}
    </span>
  );
}
