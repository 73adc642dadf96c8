import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentSubscription, pushSupported, subscribeThisBrowser, usePushKey } from '../../api/push';
import { shouldOfferPush } from './alarm-state';

const DISMISSED = 'concord.push-offer';

/** Offers notifications on this device once, where the node sends push; a refusal is remembered. */
export function PushOffer() {
  const { t } = useTranslation();
  const key = usePushKey();
  const [subscribed, setSubscribed] = useState<boolean | null>(null);
  const [dismissed, setDismissed] = useState(() => localStorage.getItem(DISMISSED) !== null);
  const [busy, setBusy] = useState(false);
  const publicKey = pushSupported() && key.data?.enabled === true ? key.data.publicKey : null;
  useEffect(() => {
    if (publicKey)
      void currentSubscription().then(
        (s) => setSubscribed(s !== null),
        () => setSubscribed(false),
      );
  }, [publicKey]);
  const permission = typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
  if (!shouldOfferPush({ nodeSendsPush: publicKey !== null, permission, subscribed, dismissed })) return null;
  const dismiss = () => {
    localStorage.setItem(DISMISSED, 'dismissed');
    setDismissed(true);
  };
  return (
    <span className="push-offer" data-testid="push-offer">
      {t('hotline.pushOffer.text')}{' '}
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          subscribeThisBrowser(publicKey!).then(
            () => setSubscribed(true),
            dismiss, // Refused in the browser's own prompt: not asked again.
          );
        }}
      >
        {t('hotline.pushOffer.accept')}
      </button>{' '}
      <button type="button" onClick={dismiss}>
        {t('hotline.pushOffer.dismiss')}
      </button>
    </span>
  );
}
