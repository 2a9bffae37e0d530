import { errorMessage, useT } from '../lib/i18n.ts';
import { Button } from './Button.tsx';

/** A failed load, in the dancer's words, with a retry where it failed. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  return (
    <div className="error-state" role="alert">
      <p>{errorMessage(t, error)}</p>
      {onRetry && <Button onClick={onRetry}>{t('app.retry')}</Button>}
    </div>
  );
}
