import { isRouteErrorResponse, useRevalidator, useRouteError } from 'react-router';
import { useT } from '../lib/i18n.ts';
import { ErrorState } from '../ui/ErrorState.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';

/** A page that failed to load or render: the shell stays, this part offers a retry. */
export function RouteError() {
  const error = useRouteError();
  const t = useT();
  const revalidator = useRevalidator();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  // A chunk that no longer exists after a deploy: a full reload fetches the new build.
  const retry = () =>
    error instanceof TypeError && /dynamically imported module|Importing a module/.test(error.message)
      ? window.location.reload()
      : void revalidator.revalidate();
  return (
    <section className="page">
      <h1 className="page__title">{t('errors.title')}</h1>
      <ErrorState error={error} onRetry={retry} />
    </section>
  );
}
