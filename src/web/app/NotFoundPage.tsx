import { Link } from 'react-router';
import { useT } from '../lib/i18n.ts';
import { usePageTitle } from '../lib/page-title.ts';

export function NotFoundPage() {
  const t = useT();
  usePageTitle(t('errors.notFoundTitle'));
  return (
    <section className="page">
      <h1 className="page__title">{t('errors.notFoundTitle')}</h1>
      <p>{t('errors.notFoundBody')}</p>
      <Link to="/" className="btn btn--primary">
        {t('errors.backHome')}
      </Link>
    </section>
  );
}
