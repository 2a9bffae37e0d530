import { useId, useState, type InputHTMLAttributes } from 'react';
import { EMAIL_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../contract/rules.ts';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { TextField, type TextFieldProps } from '../../ui/Field.tsx';
import { fieldsAtFault, isPersonalPassword, passwordRules } from './auth.rules.ts';

/** A rule's state while the dancer types: met, not yet, or refused (after sending, by the server). */
export type RuleState = 'met' | 'pending' | 'failed';
export interface Rule {
  label: string;
  state: RuleState;
}

function RuleMark({ state }: { state: RuleState }) {
  return (
    <svg className="auth-rule__mark" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
      {state === 'met' ? (
        <path d="M3.5 8.5 6.5 11.5 12.5 4.5" />
      ) : state === 'failed' ? (
        <path d="M4.5 4.5 11.5 11.5M11.5 4.5 4.5 11.5" />
      ) : (
        <circle cx="8" cy="8" r="4.5" />
      )}
    </svg>
  );
}

/**
 * The rules of a field, each with its state. Every rule is always listed and only its mark and colour
 * change, so typing never moves the page. The field points at the list with aria-describedby.
 */
export function RuleList({ id, rules, note }: { id: string; rules: Rule[]; note?: string }) {
  const t = useT();
  const stateText: Record<RuleState, string> = {
    met: t('auth.ruleMet'),
    pending: t('auth.ruleNotYet'),
    failed: t('auth.ruleFailed'),
  };
  return (
    <ul id={id} className="auth-rules">
      {rules.map((rule) => (
        <li key={rule.label} className={`auth-rule auth-rule--${rule.state}`}>
          <RuleMark state={rule.state} />
          <span>
            <span className="visually-hidden">{stateText[rule.state]}: </span>
            {rule.label}
          </span>
        </li>
      ))}
      {note && <li className="auth-rule auth-rule--note">{note}</li>}
    </ul>
  );
}

/**
 * What the server refused, kept with the values it was sent with: a field's refusal shows until the
 * dancer changes that field; a refusal that names no field of the form is the form's.
 */
export function useRefusal<V extends object>() {
  const [refusal, setRefusal] = useState<{ error: unknown; values: V } | null>(null);
  const unexplained = (fields: readonly string[]): unknown => {
    if (!refusal) return undefined;
    return [...fieldsAtFault(refusal.error)].some((f) => fields.includes(f)) ? undefined : refusal.error;
  };
  return {
    error: refusal?.error,
    /** Remembers the refusal of a submission of `values`. */
    refuse: (error: unknown, values: V) => setRefusal({ error, values }),
    clear: () => setRefusal(null),
    /** True while the server's refusal names this field and it still holds the refused value. */
    faults: (field: keyof V & string, values: V): boolean =>
      refusal !== null && values[field] === refusal.values[field] && fieldsAtFault(refusal.error).has(field),
    /** The refusal when none of `fields` explains it (rate limit, network, an unexpected field). */
    unexplained,
    /** The same, in words. */
    formError: (t: ReturnType<typeof useT>, fields: readonly string[]): string | undefined => {
      const error = unexplained(fields);
      return error === undefined ? undefined : errorMessage(t, error);
    },
  };
}

type PasswordFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The account's username and email, when known, for the "not your name or email" rule. */
  personal?: { username?: string; email?: string };
  /** The server refused this value (length, common, or personal). */
  refused: boolean;
  /** The form was sent once: a rule not yet met shows as an error. */
  attempted: boolean;
};

/** A new password, with the policy's rules met or not as the dancer types and the server's refusal. */
export function NewPasswordField({
  label,
  value,
  onChange,
  personal,
  refused,
  attempted,
  ...input
}: PasswordFieldProps) {
  const t = useT();
  const id = useId();
  const rules = passwordRules(value, personal);
  const knowsPersonal = personal !== undefined;
  const isPersonal = knowsPersonal && isPersonalPassword(value, personal);
  // Refused with the length and personal rules met: the common-password list said no.
  const refusedAsCommon = refused && rules.length && !isPersonal && knowsPersonal;
  let error: string | undefined;
  if (refused || attempted) {
    if (!rules.length) error = t('auth.passwordTooShort', { min: PASSWORD_MIN_LENGTH });
    else if (isPersonal) error = t('auth.passwordPersonal');
    else if (refusedAsCommon) error = t('auth.passwordTooCommon');
    else if (refused) error = t('auth.passwordRefused');
  }
  const list: Rule[] = [
    {
      label: t('auth.passwordRuleLength', { min: PASSWORD_MIN_LENGTH }),
      state: rules.length ? 'met' : attempted || refused ? 'failed' : 'pending',
    },
  ];
  if (knowsPersonal) {
    list.push({
      label: t('auth.passwordRulePersonal'),
      state: isPersonal ? 'failed' : rules.notPersonal ? 'met' : 'pending',
    });
  }
  // Checked by the server only; without the account at hand it also holds the personal rule.
  list.push({
    label: knowsPersonal ? t('auth.passwordRuleCommon') : t('auth.passwordRuleServer'),
    state: refused && rules.length && !isPersonal ? 'failed' : 'pending',
  });
  return (
    <div className="auth-field">
      <TextField
        {...input}
        id={id}
        label={label}
        type="password"
        autoComplete="new-password"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        error={error}
        aria-describedby={`${id}-note ${id}-rules`}
      />
      <RuleList id={`${id}-rules`} rules={list} note={t('auth.passwordTip')} />
    </div>
  );
}

/** An email address: the keyboard, autofill and length every email field of the app shares. */
export function EmailField(props: Omit<TextFieldProps, 'type'>) {
  return (
    <TextField
      name="email"
      type="email"
      inputMode="email"
      autoComplete="email"
      autoCapitalize="none"
      spellCheck={false}
      maxLength={EMAIL_MAX_LENGTH}
      required
      {...props}
    />
  );
}
