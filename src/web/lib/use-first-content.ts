import { startTransition, useEffect, useState } from 'react';
import { firstContentShown, markFirstContentAfterPaint, subscribeFirstContent } from './first-content.ts';

/**
 * Whether the first page's content is on screen yet (lib/first-content.ts). What it turns on renders as a
 * transition, in slices: not a store read (useSyncExternalStore), whose updates always render at once.
 */
export function useFirstContentShown(): boolean {
  const [shown, setShown] = useState(firstContentShown);
  useEffect(() => {
    if (firstContentShown()) {
      setShown(true);
      return undefined;
    }
    return subscribeFirstContent(() => startTransition(() => setShown(true)));
  }, []);
  return shown;
}

/**
 * Marks the first content once `rendered` is true and painted: for the pages whose content is a list that
 * loads.
 */
export function useMarkFirstContent(rendered: boolean): void {
  useEffect(() => {
    if (rendered) markFirstContentAfterPaint();
  }, [rendered]);
}
