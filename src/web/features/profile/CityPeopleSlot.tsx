import { lazy, Suspense, useEffect, useState, useSyncExternalStore } from 'react';
import { withAreas } from '../../lib/i18n.ts';

// The right column shows from 1024 px only. Its code (and its request) waits for a wide screen and
// for the browser to be idle after the first paint, so it costs the first load nothing; the profile's
// messages come with it.

const CityPeople = lazy(
  withAreas(['profile'], async () => ({ default: (await import('./CityPeople.tsx')).CityPeople })),
);

const WIDE = '(min-width: 1024px)';
const subscribe = (onChange: () => void) => {
  const query = window.matchMedia(WIDE);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
};
const isWide = () => window.matchMedia(WIDE).matches;

export function CityPeopleSlot() {
  const wide = useSyncExternalStore(subscribe, isWide);
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    if (!wide || idle) return;
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(() => setIdle(true), { timeout: 2_000 });
      return () => cancelIdleCallback(id);
    }
    const id = setTimeout(() => setIdle(true), 200);
    return () => clearTimeout(id);
  }, [wide, idle]);
  if (!wide || !idle) return null;
  return (
    <Suspense fallback={null}>
      <CityPeople />
    </Suspense>
  );
}
