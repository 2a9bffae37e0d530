import { useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { REACTION_VALUES } from '../../../contract/rules.ts';
import type { Memory, ReactionTypeValue } from '../../../contract/social.ts';
import { formatCount } from '../../lib/format.ts';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { useViewerId } from '../../lib/use-session.ts';
import { BookmarkIcon, CommentIcon, ShareIcon } from '../../ui/icons.tsx';
import { toast } from '../../ui/toast.tsx';
import { useToggleBookmark, useToggleReaction } from './feed.api.ts';
import { ReactIcon } from './feed-icons.tsx';

export const REACTION_EMOJI: Record<ReactionTypeValue, string> = {
  like: '👍',
  love: '❤️',
  laugh: '😂',
  wow: '😮',
  sad: '😢',
  abrazo: '🤗',
};

/** Signed-out dancers who try to act go to log in, and come back to the memory after. */
function useSignInFirst(memoryId: string) {
  const viewer = useViewerId();
  const navigate = useNavigate();
  return (act: () => void) => {
    if (viewer) act();
    else void navigate(`/login?next=${encodeURIComponent(`/m/${memoryId}`)}`);
  };
}

/** One button showing the reactions so far; it opens the six kinds, each a toggle with its count. */
function Reactions({ memory }: { memory: Memory }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const toggle = useToggleReaction();
  const signInFirst = useSignInFirst(memory.id);
  const panelId = useId();
  const trigger = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const total = REACTION_VALUES.reduce((sum, r) => sum + memory.reactionCounts[r], 0);
  const top = REACTION_VALUES.filter((r) => memory.reactionCounts[r] > 0)
    .sort((a, b) => memory.reactionCounts[b] - memory.reactionCounts[a])
    .slice(0, 3);

  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLElement>('button')?.focus();
    const away = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!panel.current?.contains(target) && !trigger.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [open]);

  const close = () => {
    setOpen(false);
    trigger.current?.focus();
  };
  const pick = (type: ReactionTypeValue) => {
    const on = !memory.myReactions.includes(type);
    toggle.mutate(
      { id: memory.id, type, on },
      { onError: (err) => toast(t('feed.actionFailed', { reason: errorMessage(t, err) }), 'error') },
    );
    close();
  };
  const onKey = (e: React.KeyboardEvent) => {
    const buttons = [...(panel.current?.querySelectorAll<HTMLElement>('button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') buttons[(at + 1) % buttons.length]?.focus();
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp')
      buttons[(at - 1 + buttons.length) % buttons.length]?.focus();
    else if (e.key === 'Escape') close();
    else return;
    e.preventDefault();
  };

  return (
    <div className="memory-react">
      <button
        ref={trigger}
        type="button"
        className={`memory-action${memory.myReactions.length > 0 ? ' memory-action--on' : ''}`}
        aria-label={t('feed.react', { count: total, formatted: formatCount(total) })}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => signInFirst(() => setOpen((o) => !o))}
      >
        <span className="memory-react__summary" aria-hidden="true">
          {top.length > 0 ? top.map((r) => REACTION_EMOJI[r]).join('') : <ReactIcon />}
        </span>
        <span className="memory-action__count" aria-hidden="true">
          {total > 0 ? formatCount(total) : ''}
        </span>
      </button>
      {open && (
        <div
          ref={panel}
          id={panelId}
          role="group"
          aria-label={t('feed.reactionsGroup')}
          className="memory-react__panel"
          onKeyDown={onKey}
          // Tabbing away closes it, as clicking away does.
          onBlur={(e) => {
            const next = e.relatedTarget as Node | null;
            if (next && !panel.current?.contains(next) && !trigger.current?.contains(next)) setOpen(false);
          }}
        >
          {REACTION_VALUES.map((r) => {
            const name = t(`feed.reactions.${r}`);
            const count = memory.reactionCounts[r];
            return (
              <button
                key={r}
                type="button"
                className="memory-react__kind"
                aria-pressed={memory.myReactions.includes(r)}
                aria-label={t('feed.reactionCount', { name, formatted: formatCount(count) })}
                title={name}
                onClick={() => pick(r)}
              >
                <span className="memory-react__emoji" aria-hidden="true">
                  {REACTION_EMOJI[r]}
                </span>
                <span className="memory-react__count" aria-hidden="true">
                  {formatCount(count)}
                </span>
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}

function BookmarkButton({ memory }: { memory: Memory }) {
  const t = useT();
  const toggle = useToggleBookmark();
  const signInFirst = useSignInFirst(memory.id);
  const onClick = () =>
    signInFirst(() => {
      const on = !memory.bookmarked;
      toggle.mutate(
        { id: memory.id, on },
        {
          onSuccess: () => toast(on ? t('feed.bookmarkAdded') : t('feed.bookmarkRemoved')),
          onError: (err) => toast(t('feed.actionFailed', { reason: errorMessage(t, err) }), 'error'),
        },
      );
    });
  return (
    <button
      type="button"
      className={`memory-action${memory.bookmarked ? ' memory-action--on' : ''}`}
      aria-label={t('feed.bookmark')}
      aria-pressed={memory.bookmarked}
      onClick={onClick}
    >
      <BookmarkIcon filled={memory.bookmarked} />
    </button>
  );
}

function ShareButton({ memory }: { memory: Memory }) {
  const t = useT();
  const share = async () => {
    const url = new URL(`/m/${memory.id}`, window.location.origin).href;
    if (typeof navigator.share === 'function') {
      try {
        await navigator.share({ title: t('feed.shareTitle', { name: memory.author.displayName }), url });
        return;
      } catch (err) {
        // The dancer closed the share sheet: nothing to say.
        if (err instanceof DOMException && err.name === 'AbortError') return;
      }
    }
    try {
      await navigator.clipboard.writeText(url);
      toast(t('feed.linkCopied'));
    } catch {
      toast(t('feed.copyFailed', { url }), 'error');
    }
  };
  return (
    <button type="button" className="memory-action" aria-label={t('feed.share')} onClick={() => void share()}>
      <ShareIcon />
    </button>
  );
}

/** The one row of actions under a memory: reactions, comments, bookmark, share. */
export function MemoryActions({ memory }: { memory: Memory }) {
  const t = useT();
  const comments = memory.commentCount;
  return (
    <div className="memory-card__actions" role="group" aria-label={t('feed.actions')}>
      <Reactions memory={memory} />
      <Link
        to={`/m/${memory.id}`}
        className="memory-action"
        aria-label={t('feed.comments', { count: comments, formatted: formatCount(comments) })}
      >
        <CommentIcon />
        <span className="memory-action__count" aria-hidden="true">
          {comments > 0 ? formatCount(comments) : ''}
        </span>
      </Link>
      <BookmarkButton memory={memory} />
      <ShareButton memory={memory} />
    </div>
  );
}
