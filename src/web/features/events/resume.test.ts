import { describe, expect, it } from 'vitest';
import type { ResumeEntry } from '../../../contract/events.ts';
import { entryDate, groupByRole, resumeEntryHref } from './resume.ts';

const entry = (eventId: string, role: ResumeEntry['role'], startsAt = '2026-12-05T21:00:00-03:00') =>
  ({
    eventId,
    title: `Event ${eventId}`,
    type: 'milonga',
    role,
    startsAt,
    city: { slug: 'buenos-aires-ar', name: 'Buenos Aires', country: 'AR' },
  }) satisfies ResumeEntry;

describe("a dancer's tango résumé", () => {
  it('lists the entries under their role, the roles in a fixed order, each keeping the latest first', () => {
    const groups = groupByRole([
      entry('e5', 'organiser'),
      entry('e4', 'dj'),
      entry('e3', 'teacher'),
      entry('e2', 'dj'),
      entry('e1', 'organiser'),
    ]);
    expect(groups.map((g) => [g.role, g.entries.map((e) => e.eventId)])).toEqual([
      ['teacher', ['e3']],
      ['dj', ['e4', 'e2']],
      ['organiser', ['e5', 'e1']],
    ]);
  });

  it('shows an event credited twice under each of its roles', () => {
    const groups = groupByRole([entry('e1', 'dj'), entry('e1', 'performer')]);
    expect(groups.map((g) => g.role)).toEqual(['dj', 'performer']);
  });

  it('has no groups for no entries', () => {
    expect(groupByRole([])).toEqual([]);
  });

  it("dates an entry by the venue's day, whatever the reader's zone", () => {
    // 23:30 in Buenos Aires is already the next day in UTC: the résumé keeps the venue's day.
    expect(entryDate('2026-12-05T23:30:00-03:00', 'en')).toEqual({
      date: '2026-12-05',
      dayMonth: 'Dec 5',
      year: '2026',
    });
    expect(entryDate('2026-12-05T23:30:00-03:00', 'es')?.dayMonth).toBe('5 dic');
    expect(entryDate('', 'en')).toBeNull();
  });

  it("links an entry to its event's page", () => {
    expect(resumeEntryHref({ eventId: '0190a5c3-0000-7000-8000-000000000001' })).toBe(
      '/events/0190a5c3-0000-7000-8000-000000000001',
    );
  });
});
