import { useState } from 'react';
import { Link } from 'react-router';
import type { Memory } from '../../../contract/social.ts';
import { useT } from '../../lib/i18n.ts';
import { segmentsOf } from './memory-links.ts';

const LONG_CHARS = 480;
const LONG_LINES = 8;

/** The text as written (plain text, never HTML), long ones folded in a feed until asked. */
export function MemoryBody({ memory, full = false }: { memory: Memory; full?: boolean }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const long = !full && (memory.body.length > LONG_CHARS || memory.body.split('\n').length > LONG_LINES);
  const folded = long && !open;
  return (
    <>
      <p className={`memory-card__body${folded ? ' memory-card__body--folded' : ''}`} dir="auto">
        {segmentsOf(memory).map((s, i) =>
          s.to ? (
            <Link key={i} to={s.to}>
              {s.text}
            </Link>
          ) : (
            s.text
          ),
        )}
      </p>
      {long && (
        <button
          type="button"
          className="memory-card__more"
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? t('feed.showLess') : t('feed.showMore')}
        </button>
      )}
    </>
  );
}
