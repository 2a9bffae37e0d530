// The colour theme without React (boot.ts applies it before the first paint); use-theme.ts is its hook.

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'abrazo.theme';
let current: ThemeChoice | undefined;
const listeners = new Set<() => void>();

export function storedTheme(): ThemeChoice {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

/** Applies the choice (system: prefers-color-scheme decides in CSS) and remembers it. */
export function applyTheme(choice: ThemeChoice, remember = true): void {
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
  current = choice;
  for (const listener of listeners) listener();
  if (!remember) return;
  try {
    localStorage.setItem(KEY, choice);
  } catch {
    // Private mode: the choice lasts this visit.
  }
}

/** The theme in use. */
export const themeChoice = (): ThemeChoice => (current ??= storedTheme());

/** Calls `listener` after every change of theme; returns the unsubscribe. */
export function onThemeChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
