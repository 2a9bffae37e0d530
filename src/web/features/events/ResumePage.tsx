import { Link, useParams } from 'react-router';
import type { ResumeEntry } from '../../../contract/events.ts';
import { ApiError } from '../../lib/api.ts';
import { currentLocale, errorMessage, useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { Button } from '../../ui/Button.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { useProfile } from '../profile/profile.api.ts';
import { useResume } from './events.api.ts';
import { OccurrenceSkeleton } from './OccurrenceList.tsx';
import { entryDate, groupByRole, resumeEntryHref } from './resume.ts';
import './resume.css';

const isNotFound = (err: unknown) => err instanceof ApiError && err.status === 404;

/**
 * /u/:username/resume — a dancer's tango résumé: the events they taught, DJ'd, performed at, played at
 * or organised, as organisers credited them and they accepted, under each role, the latest first. The
 * header is the same before and after the data (the name in the back link is one line), so only the
 * rows' skeletons are replaced.
 */
export function ResumePage() {
  const { username = '' } = useParams();
  const t = useT();
  const profile = useProfile(username);
  const resume = useResume(username);
  const gone = isNotFound(profile.error) || isNotFound(resume.error);
  const name = profile.data?.displayName;
  usePageTitle(gone ? t('profile.notFoundTitle') : name ? t('events.resume.titleOf', { name }) : undefined);

  if (gone) {
    return (
      <section className="page">
        <h1 className="page__title">{t('profile.notFoundTitle')}</h1>
        <p>{t('profile.notFoundBody')}</p>
        <Link to="/explore" className="btn btn--primary resume__start">
          {t('profile.people.explore')}
        </Link>
      </section>
    );
  }

  const loading = resume.isPending || profile.isPending;
  return (
    <section className="resume" aria-labelledby="resume-title" aria-busy={loading || undefined}>
      <header className="resume__head">
        <Link to={`/u/${encodeURIComponent(username)}`} className="resume__back">
          {t('profile.people.back', { name: name ?? `@${username}` })}
        </Link>
        <h1 id="resume-title" className="resume__title">
          {t('events.resume.title')}
        </h1>
        <p className="resume__intro">{t('events.resume.intro')}</p>
      </header>
      {loading ? (
        <>
          <p className="visually-hidden" role="status">
            {t('events.resume.loading')}
          </p>
          <OccurrenceSkeleton rows={3} />
        </>
      ) : resume.isError && !resume.data ? (
        <div className="resume__message">
          <ErrorState error={resume.error} onRetry={() => void resume.refetch()} />
        </div>
      ) : (
        <ResumeEntries
          entries={resume.data?.pages.flatMap((p) => p.data) ?? []}
          name={name ?? `@${username}`}
          own={profile.data?.relationship?.isSelf === true}
          more={resume}
        />
      )}
    </section>
  );
}

interface MoreProps {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: unknown;
  fetchNextPage: () => Promise<unknown>;
}

/** The credits under their role; none yet: what will show here, and (for the dancer) where to go. */
function ResumeEntries({
  entries,
  name,
  own,
  more,
}: {
  entries: ResumeEntry[];
  name: string;
  own: boolean;
  more: MoreProps;
}) {
  const t = useT();
  if (entries.length === 0 && !more.hasNextPage) {
    return own ? (
      <EmptyState
        title={t('events.resume.emptyOwn')}
        body={t('events.resume.emptyOwnBody')}
        action={
          <Link to="/events" className="btn btn--primary">
            {t('events.resume.findEvents')}
          </Link>
        }
      />
    ) : (
      <EmptyState title={t('events.resume.empty')} body={t('events.resume.emptyBody', { name })} />
    );
  }
  return (
    <>
      {groupByRole(entries).map(({ role, entries: list }) => (
        <section key={role} className="day" aria-labelledby={`resume-${role}`}>
          <h2 id={`resume-${role}`} className="day__title">
            {t(`events.resume.roles.${role}`)}
          </h2>
          <ul className="occ-list">
            {list.map((entry) => (
              <ResumeRow key={`${entry.eventId}:${entry.role}`} entry={entry} />
            ))}
          </ul>
        </section>
      ))}
      {(more.hasNextPage || more.isFetchNextPageError) && (
        <div className="resume__more">
          {more.isFetchNextPageError ? (
            <div role="alert" className="resume__failed">
              <p>{errorMessage(t, more.error)}</p>
              <Button onClick={() => void more.fetchNextPage()}>{t('app.retry')}</Button>
            </div>
          ) : (
            <Button busy={more.isFetchingNextPage} onClick={() => void more.fetchNextPage()}>
              {t('app.loadMore')}
            </Button>
          )}
        </div>
      )}
    </>
  );
}

/** One credit: its event's first date (the venue's day), title, type and city, opening the event. */
function ResumeRow({ entry }: { entry: ResumeEntry }) {
  const t = useT();
  const date = entryDate(entry.startsAt, currentLocale());
  return (
    <li className="occ">
      <Link to={resumeEntryHref(entry)} className="occ__link">
        <span className="occ__time">
          {date && (
            <>
              <time dateTime={date.date}>{date.dayMonth}</time>
              <span className="occ__end">{date.year}</span>
            </>
          )}
        </span>
        <span className="occ__main">
          <span className="occ__title">{entry.title}</span>
          <span className="occ__meta">
            {t(`events.types.${entry.type}`)}
            {entry.city ? ` · ${entry.city.name}` : ''}
          </span>
        </span>
      </Link>
    </li>
  );
}
