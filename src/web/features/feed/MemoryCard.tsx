import { lazy, memo, Suspense, useState } from 'react';
import { Link } from 'react-router';
import type { Memory } from '../../../contract/social.ts';
import { dateTimeTitle, formatRelative } from '../../lib/format.ts';
import { useT, withAreas } from '../../lib/i18n.ts';
import { useViewerId } from '../../lib/use-session.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import { Menu, type MenuItem } from '../../ui/Menu.tsx';
import { VisibilityIcon, PinIcon } from './feed-icons.tsx';
import { MemoryActions } from './MemoryActions.tsx';
import { MemoryBody } from './MemoryBody.tsx';
import { DeleteMemoryDialog, EditMemoryDialog } from './MemoryDialogs.tsx';
import './feed.css';

// The report dialog is only needed once someone reports: its code and its messages load then.
const ReportDialog = lazy(
  withAreas(['reports'], async () => ({
    default: (await import('../reports/ReportDialog.tsx')).ReportDialog,
  })),
);

export interface MemoryCardProps {
  memory: Memory;
  /** The whole text, never folded (the memory's own page). */
  full?: boolean;
  /** After the author deleted it (the memory page leaves; a feed needs nothing: the card goes). */
  onDeleted?: () => void;
  /** Its place in a role="feed" list, from 1. */
  posInSet?: number;
}

/**
 * A memory: author, time, text with links, city, visibility, and one row of actions. Memoised: a feed
 * re-renders its list at every step of five cards and every fetch; a card, only when its memory (the same
 * object in the query cache until it changes) or its place does.
 */
export const MemoryCard = memo(function MemoryCard({
  memory,
  full = false,
  onDeleted,
  posInSet,
}: MemoryCardProps) {
  const t = useT();
  const viewer = useViewerId();
  const [dialog, setDialog] = useState<'edit' | 'delete' | 'report' | null>(null);
  // Kept mounted once opened, so closing it returns focus where it was.
  const [reportLoaded, setReportLoaded] = useState(false);
  const close = () => setDialog(null);
  const isAuthor = viewer === memory.author.id;
  const nameId = `memory-${memory.id}-author`;
  const profile = `/u/${memory.author.username}`;
  const items: MenuItem[] = isAuthor
    ? [
        { label: t('app.edit'), onSelect: () => setDialog('edit') },
        { label: t('app.delete'), onSelect: () => setDialog('delete'), danger: true },
      ]
    : viewer
      ? [
          {
            label: t('feed.report'),
            onSelect: () => {
              setReportLoaded(true);
              setDialog('report');
            },
          },
        ]
      : [];
  const visibility = t(`feed.visibility.${memory.visibility}`);

  return (
    <article
      className="memory-card"
      aria-labelledby={nameId}
      aria-posinset={posInSet}
      aria-setsize={posInSet === undefined ? undefined : -1}
    >
      <header className="memory-card__head">
        <Link to={profile} className="memory-card__avatar" tabIndex={-1} aria-hidden="true">
          <Avatar name={memory.author.displayName} url={memory.author.avatarUrl} />
        </Link>
        <div className="memory-card__who">
          <Link to={profile} id={nameId} className="memory-card__name">
            {memory.author.displayName}
          </Link>
          <p className="memory-card__meta">
            <Link to={profile} className="memory-card__username">
              @{memory.author.username}
            </Link>
            <span aria-hidden="true">·</span>
            <Link to={`/m/${memory.id}`} className="memory-card__time">
              <time dateTime={memory.createdAt} {...dateTimeTitle(memory.createdAt)}>
                {formatRelative(memory.createdAt)}
              </time>
            </Link>
            {memory.editedAt && (
              <span className="memory-card__edited" {...dateTimeTitle(memory.editedAt)}>
                · {t('feed.edited')}
              </span>
            )}
            <span className="memory-card__visibility" title={t('feed.visibilityLabel', { visibility })}>
              <VisibilityIcon visibility={memory.visibility} />
              <span className="visually-hidden">{t('feed.visibilityLabel', { visibility })}</span>
            </span>
          </p>
        </div>
        {items.length > 0 && <Menu label={t('feed.menu')} items={items} />}
      </header>
      <MemoryBody memory={memory} full={full} />
      {memory.city && (
        <Link
          to={`/cities/${encodeURIComponent(memory.city)}`}
          className="memory-card__city"
          aria-label={t('feed.sharedIn', { city: memory.city })}
        >
          <PinIcon />
          <span>{memory.city}</span>
        </Link>
      )}
      {memory.group && (
        <Link
          to={`/groups/${encodeURIComponent(memory.group.id)}`}
          className="memory-card__city"
          aria-label={t('feed.inGroup', { group: memory.group.name })}
        >
          <VisibilityIcon visibility="group" />
          <span>{memory.group.name}</span>
        </Link>
      )}
      <MemoryActions memory={memory} />
      {isAuthor && (
        <>
          <EditMemoryDialog memory={memory} open={dialog === 'edit'} onClose={close} />
          <DeleteMemoryDialog
            memory={memory}
            open={dialog === 'delete'}
            onClose={close}
            onDeleted={onDeleted}
          />
        </>
      )}
      {reportLoaded && (
        <Suspense fallback={null}>
          <ReportDialog
            open={dialog === 'report'}
            onClose={close}
            target={{ type: 'memory', id: memory.id }}
          />
        </Suspense>
      )}
    </article>
  );
});
