import { useTranslation } from 'react-i18next';
import { useSignIn } from '../../api/session';
import { LanguagePicker } from '../shell/LanguagePicker';
import { SignInFields } from './SignInFields';

export function SignInPage() {
  const { t } = useTranslation();
  const signIn = useSignIn();
  return (
    <main className="sign-in" id="main">
      <h1>{t('app.name')}</h1>
      <p className="tagline">{t('app.tagline')}</p>
      <SignInFields signIn={signIn} heading={<h2>{t('signIn.title')}</h2>} footer={<p className="hint">{t('signIn.demoHint')}</p>} />
      <LanguagePicker />
    </main>
  );
}
