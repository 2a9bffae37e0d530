import { MEMORY_BODY_MAX_CHARS } from '../../../contract/rules.ts';
import { formatCount } from '../../lib/format.ts';
import { useT } from '../../lib/i18n.ts';

/** Characters as the server counts them (code points: an emoji is one). */
export const charCount = (text: string): number => [...text].length;

/** Shown from this many characters before the limit. */
const NEAR = 500;

/** "120 characters left" near the limit, "3 characters too many" past it; nothing before. */
export function CharCounter({ text, max = MEMORY_BODY_MAX_CHARS }: { text: string; max?: number }) {
  const t = useT();
  const left = max - charCount(text);
  if (left > NEAR) return null;
  return (
    <span className={left < 0 ? 'char-counter char-counter--over' : 'char-counter'}>
      {left >= 0
        ? t('feed.composer.charsLeft', { count: left, formatted: formatCount(left) })
        : t('feed.composer.tooLong', { count: -left, formatted: formatCount(-left) })}
    </span>
  );
}
