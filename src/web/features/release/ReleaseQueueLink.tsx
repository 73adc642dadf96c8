import { useTranslation } from 'react-i18next';
import { AppLink } from '../../components/AppLink';
import { useReleaseQueueCount } from '../../api/release-queue';

/** "To release (n)": the releasing officer's queue, with how many drafts await them. */
export function ReleaseQueueLink() {
  const { t } = useTranslation();
  const count = useReleaseQueueCount(true).data?.total ?? 0;
  return (
    <AppLink to="/release">
      {t('shell.nav.toRelease')}
      {count > 0 && (
        <span className="badge" data-testid="release-count" aria-label={t('releaseQueue.awaiting', { count })}>
          {count}
        </span>
      )}
    </AppLink>
  );
}
