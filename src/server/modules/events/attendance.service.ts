import type { Attendees, Registration } from '../../../contract/events.ts';
import type { RsvpState } from '../../../contract/rules.ts';
import type { Database } from '../../db/client.ts';
import type { Actor } from '../../lib/authz.ts';
import type { RelationsService } from '../relations/relations.service.ts';
import { toUserSummary } from '../users/users.service.ts';
import type { EventAccess } from './event-access.ts';
import { findUsersByIds } from './events.repo.ts';
import { listRegistrations } from './rsvps.repo.ts';

export interface AttendanceDeps {
  db: Database;
  relations: Pick<RelationsService, 'isBlockedEitherWay'>;
  access: EventAccess;
}

/** Who comes to a date: the counts and names anyone may see, and the organisers' registrations. */
export function createAttendanceService({ db, relations, access }: AttendanceDeps) {
  const { visibleEvent, occurrenceOf, hostsOf, assertManages } = access;
  return {
    /** Who comes on a date: counts for anyone who sees the event; names for organisers and those going. */
    async attendees(viewerId: string | null, eventId: string, date: string | undefined): Promise<Attendees> {
      const event = await visibleEvent(viewerId, eventId);
      const occurrence = await occurrenceOf(event, date);
      const rows = await listRegistrations(db, occurrence.id, ['going', 'waitlisted', 'interested']);
      const count = (status: RsvpState) => {
        const of = rows.filter((r) => r.status === status);
        return {
          leaders: of.filter((r) => r.role === 'leader').length,
          followers: of.filter((r) => r.role === 'follower').length,
          total: of.length,
        };
      };
      const mine = rows.find((r) => r.userId === viewerId);
      const allowed =
        viewerId !== null && (mine?.status === 'going' || (await hostsOf(event)).includes(viewerId));
      let dancers: Attendees['dancers'] = null;
      if (allowed && viewerId !== null) {
        const going = rows.filter((r) => r.status === 'going');
        const hidden = new Set<string>();
        for (const r of going)
          if (await relations.isBlockedEitherWay(viewerId, r.userId)) hidden.add(r.userId);
        dancers = going
          .filter((r) => !hidden.has(r.userId))
          .map((r) => ({
            user: toUserSummary({ id: r.userId, username: r.username, displayName: r.displayName }),
            role: r.role,
          }));
      }
      return {
        date: occurrence.date,
        going: count('going'),
        waitlisted: count('waitlisted'),
        interested: count('interested').total,
        dancers,
      };
    },

    /** Every registration of a date in arrival order, with waitlist positions (organisers). */
    async registrations(
      actor: Actor,
      eventId: string,
      date: string | undefined,
    ): Promise<{ date: string; items: Registration[] }> {
      const event = await visibleEvent(actor.userId, eventId);
      await assertManages(actor, event);
      const occurrence = await occurrenceOf(event, date);
      const rows = await listRegistrations(db, occurrence.id, [
        'going',
        'waitlisted',
        'interested',
        'not_going',
      ]);
      const names = new Map(rows.map((r) => [r.userId, r]));
      const partnersMissing = rows.flatMap((r) =>
        r.partnerId && !names.has(r.partnerId) ? [r.partnerId] : [],
      );
      const partners = new Map(
        [...rows.map((r) => ({ id: r.userId, username: r.username, displayName: r.displayName }))]
          .concat(await findUsersByIds(db, partnersMissing))
          .map((u) => [u.id, u]),
      );
      const waiting: { seq: number; role: string | null }[] = [];
      const items = rows.map((r): Registration => {
        let position: number | null = null;
        if (r.status === 'waitlisted') {
          const before = waiting.filter(
            (w) => w.seq < r.seq && (r.role === null || w.role === null || w.role === r.role),
          );
          position = new Set(before.map((w) => w.seq)).size + 1;
          waiting.push({ seq: r.seq, role: r.role });
        }
        const partner = r.partnerId ? partners.get(r.partnerId) : undefined;
        return {
          user: toUserSummary({ id: r.userId, username: r.username, displayName: r.displayName }),
          status: r.status,
          role: r.role,
          position,
          partner: partner ? toUserSummary(partner) : null,
          // Each row says whether its dancer agreed; the couple stands once both have.
          partnerConfirmed:
            r.partnerConfirmed && r.partnerId !== null && names.get(r.partnerId)?.partnerConfirmed === true,
          registeredAt: r.createdAt.toISOString(),
        };
      });
      return { date: occurrence.date, items };
    },
  };
}
