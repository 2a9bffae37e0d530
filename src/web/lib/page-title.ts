import { useEffect } from 'react';

/** Sets the tab's title for the page ("Ana · Abrazo"); screen readers announce it on navigation. */
export function usePageTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Abrazo` : 'Abrazo';
  }, [title]);
}
