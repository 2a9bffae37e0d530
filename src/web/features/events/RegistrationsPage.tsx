import { Link, useParams, useSearchParams } from 'react-router';
import type { Registration, TangoEvent } from '../../../contract/events.ts';
import { formatCount, formatDateTime } from '../../lib/format.ts';
import { currentLocale, useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { RequireAuth } from '../../lib/require-auth.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { Skeleton } from '../../ui/Skeleton.tsx';
import { DownloadLink } from './DownloadLink.tsx';
import { formatDate, formatTimes } from './event-time.ts';
import { useEvent, useEventPushes, useRegistrations } from './events.api.ts';
import { ManagedEvent } from './ManagedEvent.tsx';
import { SeriesDates } from './SeriesDates.tsx';
import './events.css';

const seg = encodeURIComponent;

/**
 * /events/:id/registrations?date= (organisers): a date's balance (leaders against followers going),
 * its waitlist in order, every registration, a CSV of them, and the other dates of a series. It reads
 * itself again when someone answers.
 */
export function RegistrationsPage() {
  return (
    <RequireAuth>
      <Registrations />
    </RequireAuth>
  );
}

function Registrations() {
  const t = useT();
  const id = useParams().id ?? '';
  const [params] = useSearchParams();
  const date = /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '') ? (params.get('date') as string) : '';
  const event = useEvent(id, date);
  usePageTitle(event.data ? t('events.reg.titleOf', { title: event.data.title }) : t('events.reg.title'));
  useEventPushes(id);
  return (
    <ManagedEvent id={id} date={date} title={t('events.reg.title')} lines={6}>
      {(managed) => <RegistrationsOf event={managed} />}
    </ManagedEvent>
  );
}

function RegistrationsOf({ event }: { event: TangoEvent }) {
  const t = useT();
  const locale = currentLocale();
  const date = event.next;
  const regs = useRegistrations(event.id, date?.date ?? '', date !== null);
  const list = regs.data?.registrations ?? [];
  const going = list.filter((r) => r.status === 'going');
  const waiting = list.filter((r) => r.status === 'waitlisted');
  const leaders = going.filter((r) => r.role === 'leader').length;
  const followers = going.filter((r) => r.role === 'follower').length;
  const csv = `/events/${seg(event.id)}/registrations.csv${date ? `?date=${date.date}` : ''}`;

  return (
    <section className="page registrations" aria-labelledby="reg-title">
      <header className="registrations__head">
        <h1 id="reg-title" className="page__title">
          {t('events.reg.title')}
        </h1>
        <p>
          <Link to={`/events/${seg(event.id)}${date ? `?date=${date.date}` : ''}`}>{event.title}</Link>
        </p>
        {date && (
          <p className="registrations__when">
            {formatDate(date.date, 'long', locale)} ·{' '}
            {formatTimes(date.startsAt, date.endsAt, date.timeZone, locale)}
            {date.cancelled && ` · ${t('events.cancelled')}`}
          </p>
        )}
      </header>
      <SeriesDates event={event} />
      {!date ? (
        <EmptyState title={t('events.reg.noDates')} />
      ) : regs.isError && !regs.data ? (
        <ErrorState error={regs.error} onRetry={() => void regs.refetch()} />
      ) : (
        <>
          <section aria-labelledby="balance-title" aria-busy={regs.isPending || undefined}>
            <h2 id="balance-title" className="event-section__title">
              {t('events.reg.balance')}
            </h2>
            <dl className="counts">
              <Count
                label={t('events.who.leaders')}
                value={leaders}
                cap={event.leaderCap}
                ready={!regs.isPending}
              />
              <Count
                label={t('events.who.followers')}
                value={followers}
                cap={event.followerCap}
                ready={!regs.isPending}
              />
              <Count
                label={t('events.who.total')}
                value={going.length}
                cap={event.capacity}
                ready={!regs.isPending}
              />
              <Count
                label={t('events.who.waitlist')}
                value={waiting.length}
                cap={null}
                ready={!regs.isPending}
              />
            </dl>
            {!regs.isPending && (
              <p className="event-section__note">
                {leaders === followers
                  ? t('events.reg.balanced')
                  : t(leaders > followers ? 'events.reg.moreLeaders' : 'events.reg.moreFollowers', {
                      count: Math.abs(leaders - followers),
                      n: Math.abs(leaders - followers),
                    })}
                {event.balanceWithin !== null && ` ${t('events.who.balance', { n: event.balanceWithin })}`}
              </p>
            )}
          </section>
          <section aria-labelledby="waitlist-title">
            <h2 id="waitlist-title" className="event-section__title">
              {t('events.reg.waitlist')}
            </h2>
            {regs.isPending ? (
              <Skeleton lines={2} />
            ) : waiting.length === 0 ? (
              <p className="event-section__note">{t('events.reg.noWaitlist')}</p>
            ) : (
              <ol className="waitlist">
                {waiting.map((r) => (
                  <li key={r.user.id}>
                    <span className="waitlist__pos">{r.position ?? '–'}</span>
                    <Link to={`/u/${seg(r.user.username)}`}>{r.user.displayName}</Link>
                    <span className="waitlist__role">
                      {r.role ? t(`events.roles.${r.role}`) : t('events.reg.noRole')}
                      {r.partner && ` · ${t('events.reg.with', { name: r.partner.displayName })}`}
                    </span>
                  </li>
                ))}
              </ol>
            )}
          </section>
          <section aria-labelledby="all-title">
            <div className="registrations__bar">
              <h2 id="all-title" className="event-section__title">
                {t('events.reg.all', { count: list.length, n: formatCount(list.length) })}
              </h2>
              <DownloadLink path={csv} fileName={`registrations-${date.date}.csv`} className="btn btn--sm">
                {t('events.reg.csv')}
              </DownloadLink>
            </div>
            {regs.isPending ? (
              <Skeleton lines={4} />
            ) : list.length === 0 ? (
              <EmptyState title={t('events.reg.none')} body={t('events.reg.noneBody')} />
            ) : (
              <RegistrationTable list={list} />
            )}
          </section>
        </>
      )}
    </section>
  );
}

function Count({
  label,
  value,
  cap,
  ready,
}: {
  label: string;
  value: number;
  cap: number | null;
  ready: boolean;
}) {
  const t = useT();
  return (
    <div className={`counts__item${ready ? '' : ' counts__item--skeleton'}`}>
      <dt>{label}</dt>
      <dd>
        {!ready
          ? ''
          : cap === null
            ? formatCount(value)
            : t('events.who.ofCap', { n: formatCount(value), cap: formatCount(cap) })}
      </dd>
    </div>
  );
}

/** Every registration in arrival order; the table scrolls sideways inside its box on a phone. */
function RegistrationTable({ list }: { list: Registration[] }) {
  const t = useT();
  return (
    <div className="table-box" role="region" aria-labelledby="all-title" tabIndex={0}>
      <table className="reg-table">
        <thead>
          <tr>
            <th scope="col">{t('events.reg.dancer')}</th>
            <th scope="col">{t('events.reg.status')}</th>
            <th scope="col">{t('events.reg.role')}</th>
            <th scope="col">{t('events.reg.partner')}</th>
            <th scope="col">{t('events.reg.when')}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((r) => (
            <tr key={r.user.id}>
              <th scope="row">
                <Link to={`/u/${seg(r.user.username)}`}>{r.user.displayName}</Link>
              </th>
              <td>
                {t(`events.reg.statuses.${r.status}`)}
                {r.position !== null && ` #${r.position}`}
              </td>
              <td>{r.role ? t(`events.roles.${r.role}`) : '–'}</td>
              <td>
                {r.partner
                  ? `${r.partner.displayName}${r.partnerConfirmed ? '' : ` (${t('events.reg.unconfirmed')})`}`
                  : '–'}
              </td>
              <td>
                <time dateTime={r.registeredAt}>{formatDateTime(r.registeredAt)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
