import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { errorText } from './error-text';
import type { ErrorContext } from './error-text';

export function ErrorMessage({ error, context = 'action' }: { error: unknown; context?: ErrorContext }) {
  const { t } = useTranslation();
  if (!error) return null;
  // The banner says the session has ended; here, what became of this action.
  if (error instanceof ApiError && error.sessionEnded)
    return (
      <div className="error" role="alert">
        <p>{t('session.ended.notSaved')}</p>
      </div>
    );
  const { headline, detail, issues } = errorText(error, t, context);
  return (
    <div className="error" role="alert">
      <p>{headline}</p>
      {detail && (
        <p className="error-detail" lang="en" dir="ltr">
          {detail}
        </p>
      )}
      {issues.length > 1 && (
        <ul>
          {issues.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>
              <code>{issue.path}</code>: {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
