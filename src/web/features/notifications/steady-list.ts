import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';

// A live list that never moves under the reader. While the dancer is at the top of the page, what the
// server sends is shown as it comes; further down, the rows on screen keep their places (a grouped
// notification that grew stays where it was) and new rows wait until the dancer asks for them or scrolls
// back to the top. Rows of a further page join at the bottom as usual.

/** How far down the page still counts as "at the top" (the page title and its actions). */
const TOP_SLACK_PX = 96;
const isAtTop = () => window.scrollY <= TOP_SLACK_PX;

interface Identified {
  id: string;
}

/** Keeps the first of each id: a row that moved up between pages may come twice. */
export function unique<T extends Identified>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.id) && seen.add(item.id));
}

/** The rows to show in the order the dancer saw them, and the new ones held back above them. */
export function arrange(
  shown: readonly string[],
  fresh: readonly string[],
): { order: string[]; held: string[] } {
  const wasShown = new Set(shown);
  const isFresh = new Set(fresh);
  let lastShown = -1;
  fresh.forEach((id, i) => {
    if (wasShown.has(id)) lastShown = i;
  });
  const held = fresh.filter((id, i) => !wasShown.has(id) && i < lastShown);
  const below = fresh.filter((id, i) => !wasShown.has(id) && i > lastShown);
  return { order: [...shown.filter((id) => isFresh.has(id)), ...below], held };
}

const sameOrder = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id, i) => id === b[i]);

export function useSteadyList<T extends Identified>(items: readonly T[] | undefined) {
  const fresh = useMemo(() => unique(items ?? []), [items]);
  const freshIds = useMemo(() => fresh.map((item) => item.id), [fresh]);
  const [shown, setShown] = useState<string[] | null>(null);
  const { order, held } = useMemo(
    () => (shown ? arrange(shown, freshIds) : { order: freshIds, held: [] }),
    [shown, freshIds],
  );

  const reveal = useCallback(() => setShown(freshIds), [freshIds]);

  // Before paint, so a dancer at the top never sees the rows in their old order for a frame.
  useLayoutEffect(() => {
    if (items === undefined) return;
    if (shown === null || (isAtTop() && !sameOrder(shown, freshIds))) setShown(freshIds);
  }, [items, shown, freshIds]);

  // Back at the top by themselves: the held rows join.
  useEffect(() => {
    if (held.length === 0) return;
    const onScroll = () => {
      if (isAtTop()) reveal();
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, [held.length, reveal]);

  const byId = useMemo(() => new Map(fresh.map((item) => [item.id, item])), [fresh]);
  const visible = useMemo(
    () =>
      order.flatMap((id) => {
        const item = byId.get(id);
        return item ? [item] : [];
      }),
    [order, byId],
  );
  return { visible, heldCount: held.length, reveal };
}
