import { describe, expect, it } from 'vitest';
import type { ResumeEntry } from '../../../contract/events.ts';
import {
  addMember,
  cityOfTheTest,
  createDancer,
  createDancers,
  createGroup,
  errorOf,
  groupsClient,
  outcome,
  type Dancer,
  type PageBody,
} from '../groups/groups.testing.ts';
import { createEvent, useEventsApp } from './events.testing.ts';

const { t, api } = useEventsApp();
const groups = groupsClient(t);

const resume = (username: string, who?: Dancer, query = '') =>
  api.call('GET', `/users/${encodeURIComponent(username)}/resume${query}`, who);
const entriesOf = (res: Awaited<ReturnType<typeof resume>>) => res.json<PageBody<ResumeEntry>>();
const accept = async (eventId: string, who: Dancer) =>
  expect(outcome(await api.acceptCredit(eventId, who))).toBe('200');

describe('GET /api/v1/users/:username/resume', () => {
  it('shows a credit once the dancer accepts it, with the event, role, local start and city', async () => {
    const [organiser, dj] = await createDancers(t, 2);
    const city = await cityOfTheTest(t);
    const event = await createEvent(api, organiser, {
      title: 'Milonga de los Jueves',
      city: city.slug,
      startsAt: '2027-06-10T21:00',
      endsAt: '2027-06-11T02:00',
      credits: [{ username: dj.username, role: 'dj' }],
    });
    expect(entriesOf(await resume(dj.username)).data).toEqual([]);

    await accept(event.id, dj);
    const res = await resume(dj.username);
    expect(res.statusCode).toBe(200);
    expect(entriesOf(res)).toEqual({
      data: [
        {
          eventId: event.id,
          title: 'Milonga de los Jueves',
          type: 'milonga',
          role: 'dj',
          startsAt: '2027-06-10T21:00:00-03:00',
          city: { slug: city.slug, name: city.name, country: 'AR' },
        },
      ],
      meta: { hasMore: false, nextCursor: null },
    });
  });

  it('lists the latest event first and pages through every credit, two roles on one event included', async () => {
    const [organiser, maestra] = await createDancers(t, 2);
    const at = (day: string) => ({ startsAt: `${day}T20:00`, endsAt: `${day}T23:00` });
    const may = await createEvent(api, organiser, {
      ...at('2027-05-01'),
      title: 'Mayo',
      credits: [{ username: maestra.username, role: 'teacher' }],
    });
    const june = await createEvent(api, organiser, {
      ...at('2027-06-01'),
      title: 'Junio',
      timeZone: 'Europe/Madrid',
      credits: [
        { username: maestra.username, role: 'teacher' },
        { username: maestra.username, role: 'performer' },
      ],
    });
    const april = await createEvent(api, organiser, {
      ...at('2027-04-01'),
      title: 'Abril',
      credits: [{ username: maestra.username, role: 'performer' }],
    });
    for (const event of [may, june, april]) await accept(event.id, maestra);

    const all = entriesOf(await resume(maestra.username, organiser));
    expect(all.data.map((e) => [e.title, e.role])).toEqual([
      ['Junio', 'performer'],
      ['Junio', 'teacher'],
      ['Mayo', 'teacher'],
      ['Abril', 'performer'],
    ]);
    expect(all.data[0]?.startsAt).toBe('2027-06-01T20:00:00+02:00');

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = entriesOf(
        await resume(maestra.username, undefined, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`),
      );
      seen.push(...page.data.map((e) => `${e.title}/${e.role}`));
      cursor = page.meta.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(['Junio/performer', 'Junio/teacher', 'Mayo/teacher', 'Abril/performer']);
  });

  it("leaves out a private group's events for those outside it", async () => {
    const [owner, teacher, member, stranger] = await createDancers(t, 4);
    const group = await createGroup(groups, owner, { visibility: 'private' });
    await addMember(groups, group, owner, teacher);
    await addMember(groups, group, owner, member);
    const hidden = await createEvent(api, owner, {
      title: 'Clase privada',
      groupId: group.id,
      credits: [{ username: teacher.username, role: 'teacher' }],
    });
    const open = await createEvent(api, owner, {
      title: 'Clase abierta',
      credits: [{ username: teacher.username, role: 'teacher' }],
    });
    await accept(hidden.id, teacher);
    await accept(open.id, teacher);

    const titles = async (who?: Dancer) =>
      entriesOf(await resume(teacher.username, who)).data.map((e) => e.title);
    expect(await titles(member)).toEqual(expect.arrayContaining(['Clase privada', 'Clase abierta']));
    expect(await titles(teacher)).toHaveLength(2);
    expect(await titles(stranger)).toEqual(['Clase abierta']);
    expect(await titles()).toEqual(['Clase abierta']);
  });

  it('answers 404 for an unknown dancer and for one in a block with the viewer, either way', async () => {
    const [ana, bruno, carla] = await createDancers(t, 3);
    expect(outcome(await resume('nadie_por_aqui'))).toBe('404 NOT_FOUND');
    expect(outcome(await api.call('PUT', `/users/${bruno.username}/block`, ana))).toMatch(/^20/);
    expect(outcome(await resume(bruno.username, ana))).toBe('404 NOT_FOUND');
    expect(outcome(await resume(ana.username, bruno))).toBe('404 NOT_FOUND');
    expect(outcome(await resume(bruno.username, carla))).toBe('200');
    expect(outcome(await resume(bruno.username))).toBe('200');
  });

  it('refuses a bad page size, a bad cursor and a bad token', async () => {
    const dancer = await createDancer(t);
    const limit = await resume(dancer.username, undefined, '?limit=0');
    expect(outcome(limit)).toBe('400 VALIDATION_FAILED');
    expect(errorOf(limit).details?.map((d) => d.path)).toEqual(['query.limit']);
    const forged = Buffer.from('12.not-a-uuid.dj').toString('base64url');
    const cursor = await resume(dancer.username, undefined, `?cursor=${forged}`);
    expect(outcome(cursor)).toBe('400 VALIDATION_FAILED');
    expect(errorOf(cursor).details?.map((d) => d.path)).toEqual(['query.cursor']);
    const badRole = Buffer.from('12.00000000-0000-4000-8000-000000000000.king').toString('base64url');
    expect(outcome(await resume(dancer.username, undefined, `?cursor=${badRole}`))).toBe(
      '400 VALIDATION_FAILED',
    );
    expect(outcome(await resume(dancer.username, { ...dancer, token: 'nope' }))).toBe('401 UNAUTHENTICATED');
  });
});
