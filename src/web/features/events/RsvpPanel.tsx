import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import type { MyRsvp, TangoEvent } from '../../../contract/events.ts';
import { DANCE_ROLES, USERNAME_MAX_LENGTH, type DanceRole } from '../../../contract/rules.ts';
import { ApiError } from '../../lib/api.ts';
import { errorMessage, useT, type T } from '../../lib/i18n.ts';
import { useSession } from '../../lib/use-session.ts';
import { Button } from '../../ui/Button.tsx';
import { Choices, RadioChips } from '../../ui/Choices.tsx';
import { TextField } from '../../ui/Field.tsx';
import { InviteDancers } from './InviteDancers.tsx';
import { useRsvp } from './events.api.ts';

type Answer = 'going' | 'interested' | 'not_going';

/** Whether the event counts leaders and followers, so that a dancer going says which they dance. */
export const countsRoles = (e: Pick<TangoEvent, 'leaderCap' | 'followerCap' | 'balanceWithin'>) =>
  e.leaderCap !== null || e.followerCap !== null || e.balanceWithin !== null;

/** Where the viewer stands for the date, in a sentence. */
export function rsvpSentence(t: T, mine: MyRsvp | null): string {
  if (!mine) return t('events.rsvp.none');
  switch (mine.status) {
    case 'going':
      return mine.role ? t(`events.rsvp.goingAs.${mine.role}`) : t('events.rsvp.going');
    case 'waitlisted':
      return t(mine.role ? `events.rsvp.waitlistedAs.${mine.role}` : 'events.rsvp.waitlisted', {
        position: mine.position ?? 1,
      });
    case 'interested':
      return t('events.rsvp.interested');
    case 'not_going':
      return t('events.rsvp.notGoing');
  }
}

// The API does not say which of a couple named the other, and either may confirm it. The dancer who
// did is remembered on this device, so they are not asked to confirm their own invitation.
const inviteKey = (eventId: string, date: string) => `abrazo.partnerInvited:${eventId}:${date}`;
function rememberInvite(eventId: string, date: string, partner: string): void {
  try {
    localStorage.setItem(inviteKey(eventId, date), partner.toLowerCase());
  } catch {
    // Private mode: the Confirm button shows to both.
  }
}
function invitedByMe(eventId: string, date: string, partner: string): boolean {
  try {
    return localStorage.getItem(inviteKey(eventId, date)) === partner.toLowerCase();
  } catch {
    return false;
  }
}

/** The refusals a dancer can act on, said in their words; anything else as the error catalogue says. */
function rsvpError(t: T, err: unknown): string {
  if (err instanceof ApiError) {
    const field = err.details[0]?.path ?? '';
    if (field.endsWith('role')) return t('events.rsvp.chooseRole');
    if (field.endsWith('partner')) return t('events.rsvp.partnerInvalid');
    if (err.code === 'PARTNER_ALREADY_REGISTERED') return t('events.rsvp.partnerTaken');
    if (err.code === 'EVENT_DATE_OVER') return t('events.rsvp.over');
    if (err.code === 'EVENT_DATE_CANCELLED') return t('events.dateCancelled');
  }
  return errorMessage(t, err);
}

/**
 * The viewer's answer for the date shown: Going (as a leader or a follower when the event counts
 * them, alone or as a couple), Interested or Not going; what came of it (going, or their place on
 * their role's waitlist); a couple waiting for the partner's confirmation, and the Confirm for it.
 */
export function RsvpPanel({ event }: { event: TangoEvent }) {
  const t = useT();
  const { pathname, search } = useLocation();
  const signedIn = useSession().status === 'signedIn';
  const date = event.next;
  const mine = event.myRsvp;
  const rsvp = useRsvp(event.id);
  const [role, setRole] = useState<DanceRole | null>(mine?.role ?? null);
  const [partner, setPartner] = useState('');
  const [error, setError] = useState('');
  const roles = countsRoles(event);

  if (!date) return null;
  const closed = event.cancelled || date.cancelled;
  const over = Date.parse(date.endsAt) <= Date.now();

  const answer = (status: Answer) => {
    if (rsvp.isPending) return;
    const withPartner = status === 'going' && partner.trim() !== '';
    if (status === 'going' && (roles || withPartner) && role === null) {
      setError(t('events.rsvp.chooseRole'));
      return;
    }
    setError('');
    if (withPartner) rememberInvite(event.id, date.date, partner.trim().replace(/^@/, ''));
    rsvp.mutate(
      {
        status,
        date: date.date,
        ...(role !== null && status === 'going' ? { role } : {}),
        ...(withPartner ? { partner: partner.trim().replace(/^@/, '') } : {}),
      },
      {
        onSuccess: () => setPartner(''),
        onError: (err) => setError(rsvpError(t, err)),
      },
    );
  };

  return (
    <section className="event-section rsvp" aria-labelledby="rsvp-title">
      <h2 id="rsvp-title" className="event-section__title">
        {t('events.rsvp.title')}
      </h2>
      {!signedIn ? (
        <Link
          to={`/login?next=${encodeURIComponent(pathname + search)}`}
          className="btn btn--primary btn--md"
        >
          {t('events.rsvp.logIn')}
        </Link>
      ) : (
        <>
          <p className="rsvp__status" role="status">
            {closed ? t('events.rsvp.closed') : over ? t('events.rsvp.over') : rsvpSentence(t, mine)}
          </p>
          {mine?.partner && (
            <p className="rsvp__partner">
              {mine.partnerConfirmed
                ? t('events.rsvp.couple', { name: mine.partner.displayName })
                : t('events.rsvp.couplePending', { name: mine.partner.displayName })}
            </p>
          )}
          {!closed && !over && (
            <>
              {mine?.partner &&
                !mine.partnerConfirmed &&
                !invitedByMe(event.id, date.date, mine.partner.username) &&
                (mine.status === 'going' || mine.status === 'waitlisted') && (
                  <Button
                    variant="primary"
                    busy={rsvp.isPending}
                    onClick={() => {
                      setError('');
                      rsvp.mutate(
                        { status: 'going', date: date.date, ...(mine.role ? { role: mine.role } : {}) },
                        { onError: (err) => setError(rsvpError(t, err)) },
                      );
                    }}
                  >
                    {t('events.rsvp.confirm', { name: mine.partner.displayName })}
                  </Button>
                )}
              <Choices
                legend={roles ? t('events.rsvp.role') : t('events.rsvp.roleOptional')}
                hint={roles ? t('events.rsvp.roleHint') : undefined}
              >
                <RadioChips
                  name={`rsvp-role-${event.id}`}
                  items={DANCE_ROLES}
                  value={role ?? ('' as DanceRole)}
                  onChange={setRole}
                >
                  {(r) => t(`events.roles.${r}`)}
                </RadioChips>
              </Choices>
              <details className="rsvp__couple">
                <summary>{t('events.rsvp.withPartner')}</summary>
                <TextField
                  label={t('events.rsvp.partner')}
                  value={partner}
                  maxLength={USERNAME_MAX_LENGTH + 1}
                  autoComplete="off"
                  autoCapitalize="none"
                  spellCheck={false}
                  onChange={(e) => setPartner(e.target.value)}
                  hint={t('events.rsvp.partnerHint')}
                />
              </details>
              <div className="rsvp__answers" role="group" aria-label={t('events.rsvp.title')}>
                {(['going', 'interested', 'not_going'] as const).map((status) => {
                  const current =
                    mine?.status === status || (status === 'going' && mine?.status === 'waitlisted');
                  return (
                    <Button
                      key={status}
                      variant={current ? 'primary' : 'secondary'}
                      aria-pressed={current}
                      icon={current ? <span aria-hidden="true">✓</span> : undefined}
                      busy={rsvp.isPending && rsvp.variables.status === status}
                      disabled={rsvp.isPending}
                      onClick={() => answer(status)}
                    >
                      {t(`events.rsvp.answers.${status}`)}
                    </Button>
                  );
                })}
              </div>
              {(event.canManage || mine?.status === 'going') && (
                <InviteDancers event={event} date={date.date} />
              )}
            </>
          )}
          <p className="rsvp__error" role="alert">
            {error}
          </p>
        </>
      )}
    </section>
  );
}
