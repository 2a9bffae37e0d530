import { useSyncExternalStore } from 'react';
import { onThemeChange, themeChoice, type ThemeChoice } from './theme.ts';

/** The theme in use; every control that shows it (the rail, settings) follows a change made in another. */
export function useThemeChoice(): ThemeChoice {
  return useSyncExternalStore(onThemeChange, themeChoice);
}
