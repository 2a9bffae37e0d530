import { useId, useState, type ReactNode } from 'react';
import type { Me } from '../../../contract/auth.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { Skeleton } from '../../ui/Skeleton.tsx';
import { fieldsAtFault } from '../auth/auth.rules.ts';
import { useMe } from './settings.api.ts';

// The pieces every settings section is made of: the section with its h2, the line under a form that
// says saved or failed, chips for choices, and the server's refusal kept with the values it refused.

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

/** A group of chips (checkboxes or radios) under a legend. */
export function Choices({ legend, hint, children }: { legend: string; hint?: string; children: ReactNode }) {
  const hintId = useId();
  return (
    <fieldset className="settings-choices" aria-describedby={hint ? hintId : undefined}>
      <legend className="field__label">{legend}</legend>
      {hint && (
        <p id={hintId} className="settings-choices__hint">
          {hint}
        </p>
      )}
      <div className="settings-choices__list">{children}</div>
    </fieldset>
  );
}

export function Chip({
  type,
  name,
  checked,
  onChange,
  children,
}: {
  type: 'checkbox' | 'radio';
  name: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
}) {
  return (
    <label className="settings-chip">
      <input
        className="settings-chip__input"
        type={type}
        name={name}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span className="settings-chip__text">{children}</span>
    </label>
  );
}

/**
 * What the server refused, with the values it was sent: a field's refusal shows until the dancer
 * changes that field; a refusal that names no field of the form is the form's.
 */
export function useRefusal<V extends object>() {
  const [refusal, setRefusal] = useState<{ error: unknown; values: V } | null>(null);
  return {
    error: refusal?.error,
    refuse: (error: unknown, values: V) => setRefusal({ error, values }),
    clear: () => setRefusal(null),
    faults: (field: keyof V & string, values: V): boolean =>
      refusal !== null && values[field] === refusal.values[field] && fieldsAtFault(refusal.error).has(field),
    /** The refusal, when none of `fields` explains it. */
    unexplained: (fields: readonly string[]): unknown => {
      if (!refusal) return undefined;
      return [...fieldsAtFault(refusal.error)].some((f) => fields.includes(f)) ? undefined : refusal.error;
    },
  };
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
