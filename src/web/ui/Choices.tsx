import { useId, type ReactNode } from 'react';
import './choices.css';

/** A group of choices (checkboxes or radios) drawn as chips, under a legend and an optional hint. */
export function Choices({ legend, hint, children }: { legend: string; hint?: string; children: ReactNode }) {
  const hintId = useId();
  return (
    <fieldset className="choices" aria-describedby={hint ? hintId : undefined}>
      <legend className="field__label">{legend}</legend>
      {hint && (
        <p id={hintId} className="choices__hint">
          {hint}
        </p>
      )}
      <div className="choices__list">{children}</div>
    </fieldset>
  );
}

/** One choice: the real input stays for the keyboard and screen readers, the chip is its face. */
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
    <label className="chip">
      <input
        className="chip__input"
        type={type}
        name={name}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span className="chip__text">{children}</span>
    </label>
  );
}

/** Checkbox chips for a list: `selected` holds the checked items, `onChange` gets the new list. */
export function CheckboxChips<X extends string>({
  name,
  items,
  selected,
  onChange,
  children,
}: {
  name: string;
  items: readonly X[];
  selected: X[];
  onChange: (selected: X[]) => void;
  /** The text of an item's chip. */
  children: (item: X) => ReactNode;
}) {
  return items.map((item) => (
    <Chip
      key={item}
      type="checkbox"
      name={name}
      checked={selected.includes(item)}
      onChange={(on) => onChange([...selected.filter((x) => x !== item), ...(on ? [item] : [])])}
    >
      {children(item)}
    </Chip>
  ));
}

/** Radio chips, one of `items` chosen: `onChange` gets the item the dancer picks. */
export function RadioChips<X extends string>({
  name,
  items,
  value,
  onChange,
  children,
}: {
  name: string;
  items: readonly X[];
  value: X;
  onChange: (value: X) => void;
  /** The text of an item's chip. */
  children: (item: X) => ReactNode;
}) {
  return items.map((item) => (
    <Chip
      key={item}
      type="radio"
      name={name}
      checked={value === item}
      onChange={(on) => on && onChange(item)}
    >
      {children(item)}
    </Chip>
  ));
}
