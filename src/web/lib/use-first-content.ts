import { useEffect, useSyncExternalStore } from 'react';
import { firstContentShown, markFirstContentAfterPaint, subscribeFirstContent } from './first-content.ts';

/** Whether the first page's content is on screen yet (lib/first-content.ts). */
export function useFirstContentShown(): boolean {
  return useSyncExternalStore(subscribeFirstContent, firstContentShown);
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
