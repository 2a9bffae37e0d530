import { useDeferredValue, useEffect } from 'react';

// Query data reaches components through useSyncExternalStore, whose updates render synchronously, in one
// task, however big the tree. A part of a page that is costly to draw shows a deferred copy instead: React
// draws it in the background, yielding to the browser every few milliseconds.

/**
 * A hook for one place of the app: `value` deferred, and on the first time that place shows data in this
 * document (the first page, whose data may have been asked for early and be there at once) starting from
 * undefined, so the first drawing never blocks. Later visits (going back to a page whose scroll position is
 * restored) show cached data at once.
 */
export function deferredOnFirstPaint() {
  let first = true;
  return function useDeferredData<T>(value: T | undefined): T | undefined {
    const shown = useDeferredValue(value, first ? undefined : value);
    useEffect(() => {
      if (shown !== undefined) first = false;
    }, [shown]);
    return shown;
  };
}
