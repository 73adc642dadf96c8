import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  // The banner says the session has ended; here, what became of this action.
  if (error instanceof ApiError && error.sessionEnded)
    return (
      <div className="error" role="alert">
        <p>{t('session.ended.notSaved')}</p>
      </div>
    );
  const message = error instanceof Error ? error.message : String(error);
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <div className="error" role="alert">
      <p>{t('errors.generic', { message })}</p>
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
