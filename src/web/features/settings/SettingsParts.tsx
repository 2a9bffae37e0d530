import type { ReactNode } from 'react';
import type { Me } from '../../../contract/auth.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { Skeleton } from '../../ui/Skeleton.tsx';
import { useMe } from './settings.api.ts';

// The pieces every settings section is made of: the section with its h2, the line under a form that
// says saved or failed, and the account a form starts from.

export function SettingsSection({
  id,
  title,
  intro,
  danger = false,
  children,
}: {
  id: string;
  title: string;
  intro?: ReactNode;
  danger?: boolean;
  children: ReactNode;
}) {
  return (
    <section
      id={id}
      className={`settings-section${danger ? ' settings-section--danger' : ''}`}
      aria-labelledby={`${id}-title`}
    >
      <h2 id={`${id}-title`} className="settings-section__title">
        {title}
      </h2>
      {intro && <p className="settings-section__intro">{intro}</p>}
      {children}
    </section>
  );
}

/**
 * Saved or failed, next to the button the dancer pressed. Both regions are always there (a live region
 * must exist before it speaks) and the line keeps its height, so a message never moves the page.
 */
export function FormStatus({ saved, failed }: { saved?: string | undefined; failed?: string | undefined }) {
  return (
    <p className="settings-status">
      <span role="status" className="settings-status__saved">
        {failed ? '' : (saved ?? '')}
      </span>
      <span role="alert" className="settings-status__failed">
        {failed ?? ''}
      </span>
    </p>
  );
}

/**
 * The part of a section that needs the account: a skeleton of the form's size while it loads, the
 * failure with a retry, then the form (which keeps its own state from then on).
 */
export function WithMe({
  form,
  children,
}: {
  form: 'profile' | 'email' | 'privacy';
  children: (me: Me) => ReactNode;
}) {
  const me = useMe();
  if (me.data) return children(me.data);
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  return (
    <Skeleton
      lines={form === 'profile' ? 12 : 5}
      className={`settings-skeleton settings-skeleton--${form}`}
    />
  );
}
