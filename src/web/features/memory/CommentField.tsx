import { useId, type ReactNode, type Ref } from 'react';
import { COMMENT_MAX_CHARS } from '../../../contract/rules.ts';
import { formatCount } from '../../lib/format.ts';
import { useT, type T } from '../../lib/i18n.ts';

/** The counter appears this close to the limit. */
const NEAR_LIMIT = 200;

/** Length as the server counts it: code points, so an emoji counts once. */
export const lengthOf = (text: string): number => [...text].length;

/** What is wrong with a body before it is sent, or undefined. */
export function bodyProblem(t: T, text: string): string | undefined {
  if (text.trim() === '') return t('memory.blank');
  if (lengthOf(text) > COMMENT_MAX_CHARS) return t('memory.tooLong', { max: COMMENT_MAX_CHARS });
  return undefined;
}

interface CommentFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Ctrl/Cmd + Enter. */
  onSubmit: () => void;
  error: string | undefined;
  busy: boolean;
  placeholder?: string;
  textareaRef?: Ref<HTMLTextAreaElement>;
  autoFocus?: boolean;
  /** The form's buttons, on the line of the note. */
  actions: ReactNode;
}

/**
 * The text box of the comment, reply and edit forms: label, the text, and one line under it (with its
 * height reserved) for the error or, near the limit, the characters left, beside the form's buttons.
 */
export function CommentField(props: CommentFieldProps) {
  const { label, value, onChange, onSubmit, error, busy, placeholder, textareaRef, autoFocus, actions } =
    props;
  const t = useT();
  const id = useId();
  const left = COMMENT_MAX_CHARS - lengthOf(value);
  const counter =
    left > NEAR_LIMIT
      ? ''
      : left >= 0
        ? t('memory.charsLeft', { count: left, formatted: formatCount(left) })
        : t('memory.charsOver', { count: -left, formatted: formatCount(-left) });
  const invalid = Boolean(error) || left < 0;
  return (
    <div className={`field memory-field${invalid ? ' field--invalid' : ''}`}>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <textarea
        id={id}
        ref={textareaRef}
        className="field__control field__control--area memory-field__control"
        value={value}
        placeholder={placeholder ?? label}
        readOnly={busy}
        autoFocus={autoFocus}
        aria-invalid={invalid || undefined}
        aria-describedby={`${id}-note`}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            onSubmit();
          }
        }}
      />
      <div className="memory-field__foot">
        <p id={`${id}-note`} className="memory-field__note">
          <span className="field__error" role={error ? 'alert' : undefined}>
            {error ?? ''}
          </span>
          <span
            className={left < 0 ? 'memory-field__count memory-field__count--over' : 'memory-field__count'}
          >
            {counter}
          </span>
        </p>
        <div className="memory-form__actions">{actions}</div>
      </div>
    </div>
  );
}
