import type { ButtonHTMLAttributes, ReactNode } from 'react';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: 'primary' | 'secondary' | 'ghost' | 'danger';
  size?: 'md' | 'sm';
  /** Shows the work in progress and keeps the button's width (its label stays for screen readers). */
  busy?: boolean;
  icon?: ReactNode;
}

/** The one button: type="button" unless told otherwise, so a click never submits a form by accident. */
export function Button({
  variant = 'secondary',
  size = 'md',
  busy = false,
  icon,
  className,
  children,
  ...rest
}: ButtonProps) {
  return (
    <button
      type="button"
      {...rest}
      aria-busy={busy || undefined}
      disabled={rest.disabled ?? busy}
      className={['btn', `btn--${variant}`, `btn--${size}`, busy ? 'btn--busy' : '', className ?? '']
        .join(' ')
        .trim()}
    >
      {icon}
      {children !== undefined && <span className="btn__label">{children}</span>}
    </button>
  );
}
