import { useTranslation } from 'react-i18next';
import type { Alert } from '../../../shared/contracts/alerts';

/** A target desk's state as the reader may know it, in words (never colour alone). */
export function TargetStatus({ target }: { target: Alert['targets'][number] }) {
  const { t } = useTranslation();
  if (!target.status) return null;
  return (
    <span className={`status status-${target.status}`} data-testid={`status-${target.deskId}`}>
      {t(`hotline.status.${target.status}`)}
      {target.response && ` — ${t('hotline.after', { minutes: Math.max(1, Math.round(target.response.secondsToRespond / 60)) })}`}
    </span>
  );
}
