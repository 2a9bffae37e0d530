import { Link } from 'react-router';
import type { TangoEvent } from '../../../contract/events.ts';
import type { UserSummary } from '../../../contract/social.ts';
import { formatCount } from '../../lib/format.ts';
import { currentLocale, errorMessage, useT } from '../../lib/i18n.ts';
import { useViewerId } from '../../lib/use-session.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import { Button } from '../../ui/Button.tsx';
import { CalendarIcon } from '../../ui/icons.tsx';
import { toast } from '../../ui/toast.tsx';
import { DownloadLink } from './DownloadLink.tsx';
import { useAcceptCredit, useAttendees } from './events.api.ts';

const seg = encodeURIComponent;

/** "ARS 5.000" / "€12.50" in the dancer's language; free when the amount is 0. */
export function formatPrice(price: NonNullable<TangoEvent['price']>, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: price.currency,
      maximumFractionDigits: Number.isInteger(price.amount) ? 0 : 2,
    }).format(price.amount);
  } catch {
    return `${price.amount} ${price.currency}`;
  }
}

/**
 * Who comes on the date: going leaders and followers against their places, the waitlists and those
 * interested, for everyone; the names of those going for those allowed to see them.
 */
export function AttendeesPanel({ event }: { event: TangoEvent }) {
  const t = useT();
  const date = event.next?.date ?? '';
  const attendees = useAttendees(event.id, date, event.next !== null);
  if (!event.next) return null;
  const a = attendees.data;
  const of = (n: number, cap: number | null) =>
    cap === null ? formatCount(n) : t('events.who.ofCap', { n: formatCount(n), cap: formatCount(cap) });
  const rows: [string, string][] = a
    ? [
        [t('events.who.leaders'), of(a.going.leaders, event.leaderCap)],
        [t('events.who.followers'), of(a.going.followers, event.followerCap)],
        [t('events.who.total'), of(a.going.total, event.capacity)],
        [t('events.who.waitlist'), formatCount(a.waitlisted.total)],
        [t('events.who.interested'), formatCount(a.interested)],
      ]
    : [];
  return (
    <section
      className="event-section"
      aria-labelledby="who-title"
      aria-busy={attendees.isPending || undefined}
    >
      <h2 id="who-title" className="event-section__title">
        {t('events.who.title')}
      </h2>
      {attendees.isError && !a ? (
        <p className="event-section__note">{errorMessage(t, attendees.error)}</p>
      ) : (
        <dl className="counts counts--5">
          {(a ? rows : [0, 1, 2, 3, 4].map((i) => [String(i), ''] as [string, string])).map(
            ([label, value]) => (
              <div key={label} className={`counts__item${a ? '' : ' counts__item--skeleton'}`}>
                <dt>{a ? label : ''}</dt>
                <dd>{value}</dd>
              </div>
            ),
          )}
        </dl>
      )}
      {a && a.waitlisted.total > 0 && (
        <p className="event-section__note">
          {t('events.who.waitlistByRole', {
            leaders: formatCount(a.waitlisted.leaders),
            followers: formatCount(a.waitlisted.followers),
          })}
        </p>
      )}
      {event.balanceWithin !== null && (
        <p className="event-section__note">{t('events.who.balance', { n: event.balanceWithin })}</p>
      )}
      {a?.dancers && a.dancers.length > 0 && (
        <ul className="people" aria-label={t('events.who.names')}>
          {a.dancers.map((d) => (
            <li key={d.user.id}>
              <PersonLink user={d.user} note={d.role ? t(`events.roles.${d.role}`) : undefined} />
            </li>
          ))}
        </ul>
      )}
      {a && a.dancers === null && a.going.total > 0 && (
        <p className="event-section__note">{t('events.who.namesHidden')}</p>
      )}
    </section>
  );
}

function PersonLink({ user, note }: { user: UserSummary; note?: string | undefined }) {
  return (
    <Link to={`/u/${seg(user.username)}`} className="person">
      <Avatar name={user.displayName} url={user.avatarUrl} size="sm" />
      <span className="person__text">
        <span className="person__name">{user.displayName}</span>
        {note && <span className="person__note"> {note}</span>}
      </span>
    </Link>
  );
}

/** Where and for whom: venue, city, group, level, dress code, price, the description. */
export function EventFacts({ event }: { event: TangoEvent }) {
  const t = useT();
  const locale = currentLocale();
  return (
    <section className="event-section" aria-labelledby="about-title">
      <h2 id="about-title" className="event-section__title">
        {t('events.about')}
      </h2>
      <dl className="facts">
        <div>
          <dt>{t('events.venue')}</dt>
          <dd>
            {event.venue.name}
            {event.venue.address && <span className="facts__more">{event.venue.address}</span>}
          </dd>
        </div>
        {event.city && (
          <div>
            <dt>{t('events.city')}</dt>
            <dd>
              <Link to={`/cities/${seg(event.city.slug)}`}>{event.city.name}</Link>
            </dd>
          </div>
        )}
        {event.group && (
          <div>
            <dt>{t('events.group')}</dt>
            <dd>
              <Link to={`/groups/${seg(event.group.id)}`}>{event.group.name}</Link>
            </dd>
          </div>
        )}
        <div>
          <dt>{t('events.level')}</dt>
          <dd>{t(`events.levels.${event.level}`)}</dd>
        </div>
        {event.dressCode && (
          <div>
            <dt>{t('events.dressCode')}</dt>
            <dd>{event.dressCode}</dd>
          </div>
        )}
        <div>
          <dt>{t('events.price')}</dt>
          <dd>
            {event.price && event.price.amount > 0 ? formatPrice(event.price, locale) : t('events.free')}
          </dd>
        </div>
      </dl>
      {event.description && <p className="event-about">{event.description}</p>}
    </section>
  );
}

/** The organisers, and the dancers credited (DJ, teachers…); a credited viewer accepts their credit here. */
export function EventPeople({ event }: { event: TangoEvent }) {
  const t = useT();
  const viewerId = useViewerId();
  const accept = useAcceptCredit(event.id);
  const organisers = [event.organiser, ...event.coOrganisers];
  return (
    <section className="event-section" aria-labelledby="people-title">
      <h2 id="people-title" className="event-section__title">
        {t('events.people')}
      </h2>
      <ul className="people" aria-label={t('events.organisers')}>
        {organisers.map((user) => (
          <li key={user.id}>
            <PersonLink user={user} note={t('events.organiser')} />
          </li>
        ))}
      </ul>
      {event.credits.length > 0 && (
        <ul className="people" aria-label={t('events.credits')}>
          {event.credits.map((credit) => (
            <li key={`${credit.user.id}:${credit.role}`} className="people__credit">
              <PersonLink
                user={credit.user}
                note={`${t(`events.creditRoles.${credit.role}`)}${credit.accepted ? '' : ` · ${t('events.creditPending')}`}`}
              />
              {credit.user.id === viewerId && !credit.accepted && (
                <Button
                  size="sm"
                  variant="primary"
                  busy={accept.isPending}
                  onClick={() =>
                    accept.mutate(undefined, {
                      onSuccess: () => toast(t('events.creditAccepted')),
                      onError: (err) => toast(errorMessage(t, err), 'error'),
                    })
                  }
                >
                  {t('events.acceptCredit')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The event (its dates) as an iCalendar file for the dancer's own calendar. */
export function AddToCalendar({ event }: { event: TangoEvent }) {
  const t = useT();
  return (
    <DownloadLink
      path={`/events/${seg(event.id)}/calendar.ics`}
      fileName={`${event.title.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60) || 'event'}.ics`}
      className="btn btn--md event-ics"
    >
      <CalendarIcon />
      {t('events.addToCalendar')}
    </DownloadLink>
  );
}
