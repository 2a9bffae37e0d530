import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  addMember,
  cityOfTheTest,
  createDancers,
  createGroup,
  groupsClient,
  outcome,
  type Dancer,
} from '../groups/groups.testing.ts';
import { listedDates, occurrencesOf, privateGroupEvent } from './event-fixtures.testing.ts';
import {
  CALENDAR_CACHE_TTL_MS,
  createCalendarCache,
  type CalendarPage,
  type CalendarPageKey,
} from './calendar-cache.ts';
import { createEvent, useEventsApp } from './events.testing.ts';

const key = (over: Partial<CalendarPageKey> = {}): CalendarPageKey => ({
  cityId: 'c1',
  groupId: undefined,
  type: undefined,
  from: '2027-05-01T00:00:00.000Z',
  to: '2027-06-01T00:00:00.000Z',
  cursor: undefined,
  limit: 100,
  ...over,
});
const page = (title: string): CalendarPage => ({
  rows: [],
  page: {
    items: [
      {
        eventId: 'e1',
        date: '2027-05-07',
        startsAt: '2027-05-07T21:00:00-03:00',
        endsAt: '2027-05-08T02:00:00-03:00',
        timeZone: 'America/Argentina/Buenos_Aires',
        title,
        type: 'milonga',
        venue: { name: 'Salón', address: '' },
        city: null,
        cancelled: false,
        going: { leaders: 0, followers: 0, total: 0 },
        waitlisted: 0,
        capacity: null,
      },
    ],
    meta: { hasMore: false, nextCursor: null },
  },
});

describe('createCalendarCache', () => {
  /** A load that answers pages titled A1, A2… and counts its calls. */
  const loader = (name = 'A') => {
    let calls = 0;
    const load = () => Promise.resolve(page(`${name}${++calls}`));
    return { load, calls: () => calls };
  };
  const titleOf = (p: CalendarPage) => p.page.items[0]?.title;

  it('answers a window from one read until its TTL, then once more while it is read again', async () => {
    let now = 1_000;
    const cache = createCalendarCache(1 << 20, () => now);
    const a = loader();
    expect(titleOf(await cache.read(key(), a.load))).toBe('A1');
    expect(titleOf(await cache.read(key(), a.load))).toBe('A1');
    expect(titleOf(await cache.read(key({ type: 'clase' }), a.load))).toBe('A2');
    expect(titleOf(await cache.read(key({ cursor: 'next' }), a.load))).toBe('A3');
    now += CALENDAR_CACHE_TTL_MS + 1;
    // Past its TTL the page is answered once more while one read replaces it.
    expect(titleOf(await cache.read(key(), a.load))).toBe('A1');
    await Promise.resolve();
    expect(titleOf(await cache.read(key(), a.load))).toBe('A4');
    expect(a.calls()).toBe(4);
    expect(cache.stats()).toMatchObject({ misses: 3, hits: 3 });
  });

  it('reads a page once however many ask for it at the same time', async () => {
    const cache = createCalendarCache(1 << 20);
    let release = () => undefined as void;
    let calls = 0;
    const slow = () =>
      new Promise<CalendarPage>((resolve) => {
        calls++;
        release = () => resolve(page('slow'));
      });
    const waiting = Array.from({ length: 50 }, () => cache.read(key(), slow));
    release();
    expect((await Promise.all(waiting)).map(titleOf)).toEqual(Array(50).fill('slow'));
    expect(calls).toBe(1);
    expect(cache.stats()).toMatchObject({ misses: 1, joined: 49 });
  });

  it('forgets everything when told of no city; a read under way then answers its callers but is not kept', async () => {
    const cache = createCalendarCache(1 << 20);
    await cache.read(key(), () => Promise.resolve(page('before')));
    cache.forget(null);
    let release = () => undefined as void;
    const under = cache.read(
      key(),
      () => new Promise<CalendarPage>((resolve) => (release = () => resolve(page('read during')))),
    );
    await Promise.resolve();
    cache.forget(null);
    release();
    expect(titleOf(await under)).toBe('read during');
    expect(titleOf(await cache.read(key(), () => Promise.resolve(page('after'))))).toBe('after');
  });

  it("forgets the pages of the cities it is told of and every page not of one city, and keeps the others'", async () => {
    const cache = createCalendarCache(1 << 20);
    const keys = {
      c1: key({ cityId: 'c1' }),
      c1Merged: key({ cityId: 'c1', groupIds: ['g1'] }),
      c2: key({ cityId: 'c2' }),
      everywhere: key({ cityId: undefined }),
      group: key({ cityId: undefined, groupId: 'g2' }),
    };
    for (const [name, k] of Object.entries(keys)) await cache.read(k, () => Promise.resolve(page(name)));
    let release = () => undefined as void;
    const under = cache.read(
      key({ cityId: 'c1', type: 'clase' }),
      () => new Promise<CalendarPage>((resolve) => (release = () => resolve(page('read during')))),
    );
    await Promise.resolve();
    cache.forget(['c1', 'c3']);
    release();
    expect(titleOf(await under)).toBe('read during');
    const again = (k: CalendarPageKey) => cache.read(k, () => Promise.resolve(page('read again')));
    expect(titleOf(await again(keys.c2))).toBe('c2');
    for (const k of [
      keys.c1,
      keys.c1Merged,
      keys.everywhere,
      keys.group,
      key({ cityId: 'c1', type: 'clase' }),
    ])
      expect(titleOf(await again(k))).toBe('read again');
  });

  it('holds at most its bytes, the least recently used going first; 0 keeps nothing', async () => {
    const cache = createCalendarCache(5_000);
    for (const cityId of ['a', 'b', 'c'])
      await cache.read(key({ cityId }), () => Promise.resolve(page(cityId)));
    expect(cache.stats().bytes).toBeLessThanOrEqual(5_000);
    expect(titleOf(await cache.read(key({ cityId: 'c' }), () => Promise.resolve(page('again'))))).toBe('c');
    expect(titleOf(await cache.read(key({ cityId: 'a' }), () => Promise.resolve(page('again'))))).toBe(
      'again',
    );
    const none = createCalendarCache(0);
    const b = loader('B');
    await none.read(key(), b.load);
    expect(titleOf(await none.read(key(), b.load))).toBe('B2');
    expect(none.enabled).toBe(false);
  });
});

describe('GET /api/v1/events through the calendar cache', () => {
  const { t, api } = useEventsApp();
  const datesIn = async (...args: Parameters<typeof listedDates>) =>
    (await listedDates(...args)).map((d) => d.date);
  const groupsApi = groupsClient(t);
  const lookups = async () => {
    const metric = await t.app.metrics.getSingleMetric('abrazo_calendar_cache_lookups_total')?.get();
    const of = (outcome: string) => metric?.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
    return { hit: of('hit'), miss: of('miss') };
  };

  it('reads a window once for every dancer, and shows a change made here at once', async () => {
    const city = await cityOfTheTest(t);
    const [organiser, ana, bea] = await createDancers(t, 3);
    const first = await createEvent(api, organiser, {
      city: city.slug,
      startsAt: '2027-05-07T21:00',
      endsAt: '2027-05-08T02:00',
      recurrence: 'FREQ=WEEKLY;COUNT=3',
    });
    const window = `?city=${city.slug}&from=2027-05-01&to=2027-06-01`;
    const before = await lookups();
    expect(await datesIn(api, first.id, window, ana)).toHaveLength(3);
    expect(await datesIn(api, first.id, window, bea)).toHaveLength(3);
    expect(await datesIn(api, first.id, window)).toHaveLength(3);
    const after = await lookups();
    expect([after.miss - before.miss, after.hit - before.hit]).toEqual([1, 2]);

    // Every change an organiser makes is listed at the next read.
    const second = await createEvent(api, organiser, {
      city: city.slug,
      startsAt: '2027-05-09T20:00',
      endsAt: '2027-05-09T23:00',
    });
    expect(await datesIn(api, second.id, window, ana)).toEqual(['2027-05-09']);
    expect(outcome(await api.update(second.id, organiser, { title: 'Renamed' }))).toBe('200');
    const renamed = occurrencesOf(await api.list(window, bea)).data.find((d) => d.eventId === second.id);
    expect(renamed?.title).toBe('Renamed');
    expect(outcome(await api.cancel(first.id, organiser, { date: '2027-05-14' }))).toBe('200');
    const cancelled = occurrencesOf(await api.list(window)).data.filter((d) => d.cancelled);
    expect(cancelled.map((d) => d.date)).toEqual(['2027-05-14']);
    expect(
      outcome(
        await api.move(first.id, '2027-05-21', organiser, {
          startsAt: '2027-05-22T21:00',
          endsAt: '2027-05-23T02:00',
        }),
      ),
    ).toBe('200');
    const moved = occurrencesOf(await api.list(window, ana)).data.find((d) => d.date === '2027-05-21');
    expect(moved?.startsAt).toBe('2027-05-22T21:00:00-03:00');
    expect(outcome(await api.remove(second.id, organiser))).toBe('204');
    expect(await datesIn(api, second.id, window, bea)).toEqual([]);
  });

  it("reads afresh the pages of an event's cities when it changes, and keeps other cities' pages", async () => {
    const [here, there, elsewhere] = [await cityOfTheTest(t), await cityOfTheTest(t), await cityOfTheTest(t)];
    const [organiser] = await createDancers(t, 1);
    const at = (city: { slug: string }) => ({
      city: city.slug,
      startsAt: '2027-05-07T21:00',
      endsAt: '2027-05-08T02:00',
    });
    const moving = await createEvent(api, organiser, at(here));
    const staying = await createEvent(api, organiser, at(elsewhere));
    const windowOf = (city: { slug: string }) => `?city=${city.slug}&from=2027-05-01&to=2027-06-01`;
    const read = async (city: { slug: string }) => (await datesIn(api, moving.id, windowOf(city))).length;
    for (const city of [here, there, elsewhere]) await read(city);
    const before = await lookups();
    // Moved from one city to another: both read afresh, the third still kept.
    expect(outcome(await api.update(moving.id, organiser, { city: there.slug }))).toBe('200');
    expect([await read(here), await read(there), await read(elsewhere)]).toEqual([0, 1, 0]);
    const after = await lookups();
    expect([after.miss - before.miss, after.hit - before.hit]).toEqual([2, 1]);
    expect(await datesIn(api, staying.id, windowOf(elsewhere))).toEqual(['2027-05-07']);
  });

  it("gives a private group's members their own page, and a group made public shows to all at once", async () => {
    const { city, group, owner, member, outsider, event } = await privateGroupEvent(t, api);
    const window = `?city=${city.slug}&from=2027-05-01&to=2027-06-01`;
    // The page everyone may see is kept first; the members' own read must not come from it.
    expect(await datesIn(api, event.id, window)).toEqual([]);
    expect(await datesIn(api, event.id, window, outsider)).toEqual([]);
    expect(await datesIn(api, event.id, window, member)).toEqual(['2027-05-07', '2027-05-14']);
    expect(await datesIn(api, event.id, window, outsider)).toEqual([]);
    expect(outcome(await groupsApi.update(group.id, owner, { visibility: 'public' }))).toBe('200');
    expect(await datesIn(api, event.id, window, outsider)).toEqual(['2027-05-07', '2027-05-14']);
    expect(outcome(await groupsApi.update(group.id, owner, { visibility: 'private' }))).toBe('200');
    expect(await datesIn(api, event.id, window)).toEqual([]);
  });

  it("keeps one page for a private group's members, and shows none of its dates to one who left or was banned", async () => {
    const { city, group, owner, member, event } = await privateGroupEvent(t, api);
    const [second] = await createDancers(t, 1);
    await addMember(groupsApi, group, owner, second);
    const window = `?city=${city.slug}&from=2027-05-01&to=2027-06-01`;
    const before = await lookups();
    expect(await datesIn(api, event.id, window, member)).toEqual(['2027-05-07', '2027-05-14']);
    expect(await datesIn(api, event.id, window, second)).toEqual(['2027-05-07', '2027-05-14']);
    const after = await lookups();
    // The page everyone may see and the members' page: each read once, then answered to the second.
    expect([after.miss - before.miss, after.hit - before.hit]).toEqual([2, 2]);
    // The members' page is still kept, but who belongs is asked afresh at every read.
    expect(outcome(await groupsApi.leave(group.id, second))).toBe('204');
    expect(await datesIn(api, event.id, window, second)).toEqual([]);
    expect(outcome(await groupsApi.ban(group.id, member.id, owner))).toMatch(/^20/);
    expect(await datesIn(api, event.id, window, member)).toEqual([]);
    expect(await datesIn(api, event.id, window, owner)).toEqual(['2027-05-07', '2027-05-14']);
  });

  it('answers a kept page as JSON, then compressed from its second answer in the encoding the client takes', async () => {
    const city = await cityOfTheTest(t);
    const [organiser] = await createDancers(t, 1);
    for (let day = 1; day <= 12; day++)
      await createEvent(api, organiser, {
        city: city.slug,
        title: `Milonga del barrio número ${day}`,
        startsAt: `2027-05-${String(day).padStart(2, '0')}T21:00`,
        endsAt: `2027-05-${String(day).padStart(2, '0')}T23:30`,
      });
    const url = `/api/v1/events?city=${city.slug}&from=2027-05-01&to=2027-06-01`;
    const get = (encoding?: string) =>
      t.app.inject({
        method: 'GET',
        url,
        headers: encoding === undefined ? {} : { 'accept-encoding': encoding },
      });
    const first = await get('gzip, deflate, br');
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-encoding']).toBeUndefined();
    expect(first.headers.vary).toMatch(/accept-encoding/i);
    const json = first.body;
    expect(occurrencesOf(first).data).toHaveLength(12);

    const br = await get('gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(json);
    expect(br.rawPayload.length).toBeLessThan(json.length / 3);
    const gzip = await get('gzip;q=1, br;q=0');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString('utf8')).toBe(json);
    for (const plain of [await get(), await get('identity')]) {
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toBe(json);
    }
  });

  it("merges a member's private dates into the kept page in time order, page after page", async () => {
    const city = await cityOfTheTest(t);
    const [owner, member] = await createDancers(t, 2);
    const group = await createGroup(groupsApi, owner, { visibility: 'private' });
    await addMember(groupsApi, group, owner, member);
    const at = (day: string, hour: string) => ({
      city: city.slug,
      startsAt: `2027-05-${day}T${hour}:00`,
      endsAt: `2027-05-${day}T23:30`,
    });
    const open1 = await createEvent(api, owner, at('03', '20'));
    const mine1 = await createEvent(api, owner, { ...at('04', '20'), groupId: group.id });
    const open2 = await createEvent(api, owner, at('05', '20'));
    const mine2 = await createEvent(api, owner, { ...at('05', '21'), groupId: group.id });
    const open3 = await createEvent(api, owner, at('06', '20'));
    const pages = async (who?: Dancer) => {
      const seen: string[][] = [];
      let cursor: string | null = null;
      do {
        const res = await api.list(
          `?city=${city.slug}&from=2027-05-01&to=2027-06-01&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          who,
        );
        const body = occurrencesOf(res);
        seen.push(body.data.map((d) => d.eventId));
        cursor = body.meta.nextCursor;
      } while (cursor);
      return seen;
    };
    // Anyone first, so the pages everyone may see are kept; then the member's, merged.
    expect(await pages()).toEqual([[open1.id, open2.id], [open3.id]]);
    expect(await pages(member)).toEqual([[open1.id, mine1.id], [open2.id, mine2.id], [open3.id]]);
    expect(await pages()).toEqual([[open1.id, open2.id], [open3.id]]);
  });
});
