import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import './tabs.css';

// Sections of a page as tabs (a phone shows one list at a time), the open one in the address
// (?tab=members) so a reload or a shared link opens it; the first tab has no parameter. A tab's panel is
// rendered when the tab is first opened and stays mounted (hidden) after, as the dancer left it.

export interface TabSpec<Id extends string> {
  id: Id;
  label: string;
  render: () => ReactNode;
  /** Extra class of the panel (padding for lists of people, say). */
  panelClass?: string;
}

const NEXT_BY_KEY: Record<string, (i: number, n: number) => number> = {
  ArrowRight: (i, n) => (i + 1) % n,
  ArrowLeft: (i, n) => (i + n - 1) % n,
  Home: () => 0,
  End: (_, n) => n - 1,
};

/** The tablist pattern: arrows, Home and End move along the tabs and open the one they reach. */
export function UrlTabs<Id extends string>({
  tabs,
  label,
  idPrefix,
}: {
  tabs: TabSpec<Id>[];
  /** The tablist's accessible name. */
  label: string;
  /** Makes the tabs' and panels' ids unique on the page. */
  idPrefix: string;
}) {
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const first = tabs[0]?.id;
  const tab = tabs.find((t) => t.id === asked)?.id ?? first;
  const [opened, setOpened] = useState<ReadonlySet<string>>(() => new Set(tab ? [tab] : []));
  const buttons = useRef(new Map<string, HTMLButtonElement>());

  const select = (next: Id) => {
    setOpened((seen) => (seen.has(next) ? seen : new Set([...seen, next])));
    setParams(
      (current) => {
        const updated = new URLSearchParams(current);
        if (next === first) updated.delete('tab');
        else updated.set('tab', next);
        return updated;
      },
      { replace: true, preventScrollReset: true },
    );
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const move = NEXT_BY_KEY[e.key];
    if (!move) return;
    e.preventDefault();
    const index = tabs.findIndex((t) => t.id === tab);
    const next = tabs[move(index, tabs.length)]?.id;
    if (!next) return;
    select(next);
    buttons.current.get(next)?.focus();
  };

  return (
    <>
      <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
        {tabs.map(({ id, label: text }) => (
          <button
            key={id}
            ref={(node) => {
              if (node) buttons.current.set(id, node);
              else buttons.current.delete(id);
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${id}`}
            aria-controls={`${idPrefix}-panel-${id}`}
            aria-selected={id === tab}
            tabIndex={id === tab ? 0 : -1}
            className="tabs__tab"
            onClick={() => select(id)}
          >
            {text}
          </button>
        ))}
      </div>
      {tabs.map(({ id, render, panelClass }) => (
        <div
          key={id}
          role="tabpanel"
          id={`${idPrefix}-panel-${id}`}
          aria-labelledby={`${idPrefix}-tab-${id}`}
          hidden={id !== tab}
          className={panelClass ? `tab-panel ${panelClass}` : 'tab-panel'}
        >
          {(id === tab || opened.has(id)) && render()}
        </div>
      ))}
    </>
  );
}

/** The tabs' shape while the page loads, the first one selected (labels do not depend on the data). */
export function TabsSkeleton({ labels }: { labels: string[] }) {
  return (
    <div className="tabs" aria-hidden="true">
      {labels.map((text, i) => (
        <span key={text} className={`tabs__tab${i === 0 ? ' tabs__tab--selected' : ''}`}>
          {text}
        </span>
      ))}
    </div>
  );
}
