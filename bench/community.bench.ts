import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { seedCommunity } from '../scripts/seed/seed-community.ts';
import { openDatabase, type DatabaseHandle } from '../src/server/db/client.ts';
import { signIn } from './lib/feed-viewers.ts';
import { log } from './lib/log.ts';
import { cacheLookups } from './lib/metrics.ts';
import { createScratchDatabase, type ScratchDatabase } from './lib/postgres.ts';
import { machineLine, writeSection } from './lib/report.ts';
import { startTarget, stopAllTargets, type RunningTarget } from './lib/target-process.ts';

// Community benchmark (issue 18), on a scratch PostgreSQL database and the real app in a process of
// its own:
//  1. a city's month calendar (GET /events?city=&from=&to=) with --events events in the city, a third
//     of them weekly or monthly series, read by --viewers distinct signed-in dancers and anonymous
//     callers at --connections connections;
//  2. RSVPs on one popular event with caps and a balance rule: every request a different dancer
//     answering going (half leaders, half followers), so every one contends for the same date's lock;
//     then the invariants are checked in the database (no overbooking, balance held).
// Usage: npm run bench:community -- [--events 2000] [--viewers 1000] [--connections 50]
//        [--duration 20] [--rsvps 2000] [--no-write] [--server-url postgres://…]
//        [--cpu-prof <dir>] (a V8 CPU profile of each app process, written there at its exit)

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '2000' },
    viewers: { type: 'string', default: '1000' },
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '20' },
    rsvps: { type: 'string', default: '2000' },
    'no-write': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    'server-url': {
      type: 'string',
      default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
  },
});
const EVENTS = Number(values.events);
const VIEWERS = Number(values.viewers);
const CONNECTIONS = Number(values.connections);
const DURATION_S = Number(values.duration);
const RSVPS = Number(values.rsvps);
const MARKERS = { start: '<!-- bench:community:start -->', end: '<!-- bench:community:end -->' };
const root = path.resolve(import.meta.dirname, '..');
const TARGET = new URL('./servers/app-target.ts', import.meta.url);
/** What a browser asks for over HTTPS (Chromium asks for brotli over HTTPS only). */
const BROWSER_ENCODING = 'gzip, deflate, br';
const TYPES = ['milonga', 'practica', 'clase', 'workshop'] as const;

let scratch: ScratchDatabase | undefined;
let database: DatabaseHandle | undefined;

const pad = (n: number) => String(n).padStart(2, '0');
const localAt = (d: Date, hour: number) =>
  `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(hour)}:00`;

/** The i-th event: spread over the coming 60 days, a third of them series. */
function eventBody(i: number, city: string): Record<string, unknown> {
  const day = new Date(Date.now() + (1 + (i % 60)) * 86_400_000);
  const hour = 18 + (i % 5);
  const end = new Date(day.getTime() + 86_400_000);
  const recurrence =
    i % 3 === 0 ? (i % 6 === 0 ? 'FREQ=MONTHLY;BYDAY=2FR;COUNT=12' : 'FREQ=WEEKLY;COUNT=26') : undefined;
  return {
    type: TYPES[i % TYPES.length],
    title: `Bench event ${i}`,
    startsAt: localAt(day, hour),
    endsAt: hour + 4 >= 24 ? localAt(end, hour + 4 - 24) : localAt(day, hour + 4),
    timeZone: 'America/Argentina/Buenos_Aires',
    venue: { name: `Salón ${i % 40}`, address: 'Buenos Aires' },
    city,
    ...(recurrence ? { recurrence } : {}),
  };
}

async function createEvents(base: string, tokens: string[], city: string): Promise<number> {
  let next = 0;
  let failed = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= EVENTS) return;
      const res = await fetch(`${base}/api/v1/events`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens[i % tokens.length] ?? ''}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(eventBody(i, city)),
      });
      if (res.status !== 201) {
        failed++;
        if (failed <= 3) log(`  create answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      } else await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return failed;
}

interface Measured {
  label: string;
  /** Calendar pages answered from the cache, of those looked up (null where no page is). */
  hitRate: number | null;
  workload: string;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  requests: number;
  non2xx: number;
  errors: number;
}

async function measure(
  label: string,
  workload: string,
  url: string,
  opts: {
    method?: 'GET' | 'PUT';
    tokens: (string | null)[];
    body?: (i: number) => string;
    amount?: number;
    /** The app whose calendar cache is counted. */
    base?: string;
    /** Accept-Encoding sent; none when null (GETs send a browser's by default). */
    acceptEncoding?: string | null;
  },
): Promise<Measured> {
  let n = 0;
  const method = opts.method ?? 'GET';
  const acceptEncoding =
    opts.acceptEncoding === undefined && method === 'GET' ? BROWSER_ENCODING : opts.acceptEncoding;
  const lookups = () => cacheLookups(opts.base ?? '', 'abrazo_calendar_cache_lookups_total');
  const before = opts.base === undefined ? undefined : await lookups();
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    ...(opts.amount === undefined ? { duration: DURATION_S } : { amount: opts.amount }),
    timeout: 10,
    requests: [
      {
        method,
        setupRequest: (req) => {
          const i = n++;
          const token = opts.tokens[i % opts.tokens.length];
          return {
            ...req,
            headers: {
              ...req.headers,
              ...(token ? { authorization: `Bearer ${token}` } : {}),
              ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}),
              ...(opts.body ? { 'content-type': 'application/json' } : {}),
            },
            ...(opts.body ? { body: opts.body(i) } : {}),
          };
        },
      },
    ],
  });
  const after = opts.base === undefined ? undefined : await lookups();
  const delta = (outcome: string) => (after?.[outcome] ?? 0) - (before?.[outcome] ?? 0);
  // A request that joined a read under way waited for the database: not a hit.
  const hits = delta('hit');
  const looked = hits + delta('joined') + delta('miss');
  const m: Measured = {
    label,
    hitRate: looked > 0 ? hits / looked : null,
    workload,
    rps: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
  log(
    `  ${label}: ${m.rps.toFixed(0)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, non-2xx ${m.non2xx}, errors ${m.errors}` +
      (m.hitRate === null ? '' : `, cache hits ${(100 * m.hitRate).toFixed(2)} %`),
  );
  return m;
}

async function main(): Promise<number> {
  const date = new Date();
  const loadAverage = os.loadavg();
  scratch = await createScratchDatabase(values['server-url']);
  log(`created database ${scratch.name} (PostgreSQL ${scratch.serverVersion})`);
  database = await openDatabase({ databaseUrl: scratch.url, dataDir: '', poolSize: 2 });
  await database.migrate();
  const users = Math.max(VIEWERS, RSVPS) + 100;
  log(`seeding ${users} users…`);
  await seedCommunity(database, { users, memories: users, seed: 'community' });
  const [city] = await database.rows<{ slug: string }>(
    sql`select c.slug from cities c join users u on u.city_id = c.id group by c.id order by count(*) desc limit 1`,
  );
  if (!city) throw new Error('the seed made no city');
  const ids = (await database.rows<{ id: string }>(sql`select id from users order by id limit ${users}`)).map(
    (r) => r.id,
  );
  const secret = randomBytes(32).toString('base64url');
  log(`signing in ${ids.length} dancers…`);
  const tokens = await signIn(database, secret, ids, 'bench:community');

  const target: RunningTarget<'community'> = await startTarget('community', {
    entry: TARGET,
    args: ['--database-url', scratch.url, `--jwt-secret=${secret}`],
    cpuProfDir: values['cpu-prof'],
  });
  const base = `http://127.0.0.1:${target.ready.port}`;
  log(`creating ${EVENTS} events in ${city.slug} through the API…`);
  const t0 = performance.now();
  const failedCreates = await createEvents(base, tokens.slice(0, 200), city.slug);
  const createS = (performance.now() - t0) / 1000;
  const [counts] = await database.rows<{ events: number; dates: number }>(sql`
    select (select count(*)::int from events) as events, (select count(*)::int from event_occurrences) as dates`);
  await database.rows(sql`vacuum analyze`);
  log(
    `  ${counts?.events} events, ${counts?.dates} dates in ${createS.toFixed(1)} s (${failedCreates} failed)`,
  );

  const from = new Date();
  const to = new Date(from.getTime() + 31 * 86_400_000);
  const monthUrl = `${base}/api/v1/events?city=${city.slug}&from=${from.toISOString()}&to=${to.toISOString()}&limit=100`;
  const probe = await fetch(monthUrl, { headers: { authorization: `Bearer ${tokens[0] ?? ''}` } });
  const page = (await probe.json()) as { data: unknown[] };
  log(`  the month's first page: ${page.data.length} dates`);
  const viewerTokens = tokens.slice(0, VIEWERS);
  // A private group of the city with a weekly milonga, joined by one viewer in ten: they read their
  // calendar merged with their group's dates (a page kept for the group's members, whose membership is
  // read afresh at every request).
  const groupRes = await fetch(`${base}/api/v1/groups`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens[0] ?? ''}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Bench private group', visibility: 'private', city: city.slug }),
  });
  const { data: privateGroup } = (await groupRes.json()) as { data: { id: string } };
  await fetch(`${base}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens[0] ?? ''}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...eventBody(3, city.slug), title: 'Private práctica', groupId: privateGroup.id }),
  }).then((r) => r.arrayBuffer());
  await database.rows(sql`
    insert into group_members (group_id, user_id, role)
    select ${privateGroup.id}::uuid, id, 'member' from (select id from users order by id limit ${VIEWERS}) v
    where v.id <> ${ids[0] ?? ''}::uuid and ('x' || substr(md5(v.id::text), 1, 4))::bit(16)::int % 10 = 0
    on conflict do nothing`);
  const [privateViewers] = await database.rows<{ n: number }>(sql`
    select count(distinct gm.user_id)::int as n from group_members gm join groups g on g.id = gm.group_id
    where g.visibility = 'private' and gm.user_id in (select id from users order by id limit ${VIEWERS})`);
  const inPrivate = privateViewers?.n ?? 0;
  log(`  ${inPrivate} of the ${viewerTokens.length} viewers belong to a private group`);
  const signedIn = `${viewerTokens.length} distinct dancers in turn (${inPrivate} in a private group), first page of 100 dates`;
  const results: Measured[] = [];
  log('\n▶ month calendar: warm-up');
  await measure('warm-up', '', monthUrl, { tokens: viewerTokens, amount: CONNECTIONS * 20 });
  results.push(
    await measure('Month calendar, signed in', signedIn, monthUrl, { tokens: viewerTokens, base }),
  );
  results.push(
    await measure('Month calendar, anonymous', 'first page of 100 dates', monthUrl, { tokens: [null], base }),
  );
  results.push(
    await measure('Month calendar, signed in, uncompressed', `${signedIn}, no Accept-Encoding`, monthUrl, {
      tokens: viewerTokens,
      base,
      acceptEncoding: null,
    }),
  );
  // An organiser changes an event of the city every second: each change forgets the city's pages.
  // One of its own events in the month, so every edit is allowed (each answer is counted below).
  const [editedEvent] = await database.rows<{ id: string }>(sql`
    select e.id from events e join event_occurrences o on o.event_id = e.id
    where e.organiser_id = ${ids[0] ?? ''}::uuid and e.group_id is null
      and o.starts_at >= ${from.toISOString()}::timestamptz and o.starts_at < ${to.toISOString()}::timestamptz
    limit 1`);
  if (!editedEvent) throw new Error('the first dancer organises no event in the month');
  const editOutcomes = { ok: 0, failed: 0 };
  const editor = setInterval(() => {
    void fetch(`${base}/api/v1/events/${editedEvent.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${tokens[0] ?? ''}`, 'content-type': 'application/json' },
      body: JSON.stringify({ description: `edit ${editOutcomes.ok + editOutcomes.failed + 1}` }),
    })
      .then(async (r) => {
        await r.arrayBuffer();
        editOutcomes[r.ok ? 'ok' : 'failed']++;
      })
      .catch(() => editOutcomes.failed++);
  }, 1_000);
  const editsRun = await measure(
    'Month calendar, signed in, an event edited every second',
    signedIn,
    monthUrl,
    {
      tokens: viewerTokens,
      base,
    },
  );
  clearInterval(editor);
  editsRun.workload += ` (${editOutcomes.ok} edits made, ${editOutcomes.failed} failed)`;
  log(`  edits: ${editOutcomes.ok} made, ${editOutcomes.failed} failed`);
  results.push(editsRun);
  // The same reads with the calendar cache off (CALENDAR_CACHE_MB=0): every page from the database.
  const uncached: RunningTarget<'community'> = await startTarget('community', {
    entry: TARGET,
    args: ['--database-url', scratch.url, `--jwt-secret=${secret}`, '--calendar-cache-mb', '0'],
    cpuProfDir: values['cpu-prof'],
  });
  const uncachedUrl = monthUrl.replace(base, `http://127.0.0.1:${uncached.ready.port}`);
  await measure('warm-up', '', uncachedUrl, { tokens: viewerTokens, amount: CONNECTIONS * 20 });
  results.push(
    await measure('Month calendar, signed in, cache off', signedIn, uncachedUrl, { tokens: viewerTokens }),
  );
  await uncached.stop();

  // One popular event: 120 places, 60 per role, balance within 4.
  const popular = await fetch(`${base}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens[0] ?? ''}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      ...eventBody(1, city.slug),
      title: 'Popular milonga',
      capacity: 120,
      leaderCap: 60,
      followerCap: 60,
      balanceWithin: 4,
    }),
  });
  const { data: event } = (await popular.json()) as { data: { id: string } };
  const rsvpTokens = tokens.slice(1, 1 + RSVPS);
  log(`\n▶ RSVPs on one event: ${rsvpTokens.length} dancers, each once`);
  results.push(
    await measure(
      'RSVP going, one event',
      `${rsvpTokens.length} distinct dancers, each once, all on one date's lock (caps 60/60, balance 4)`,
      `${base}/api/v1/events/${event.id}/rsvp`,
      {
        method: 'PUT',
        tokens: rsvpTokens,
        amount: rsvpTokens.length,
        body: (i) => JSON.stringify({ status: 'going', role: i % 2 === 0 ? 'leader' : 'follower' }),
      },
    ),
  );
  const [held] = await database.rows<{
    leaders: number;
    followers: number;
    waitlisted: number;
    stored: number;
  }>(sql`
    select count(*) filter (where r.status = 'going' and r.role = 'leader')::int as leaders,
           count(*) filter (where r.status = 'going' and r.role = 'follower')::int as followers,
           count(*) filter (where r.status = 'waitlisted')::int as waitlisted,
           max(o.going_total)::int as stored
    from event_rsvps r join event_occurrences o on o.id = r.occurrence_id where o.event_id = ${event.id}::uuid`);
  await target.stop();
  const invariants = held
    ? `going ${held.leaders} leaders + ${held.followers} followers (caps 60/60, stored total ${held.stored}), ` +
      `${held.waitlisted} waitlisted; overbooked: ${held.leaders > 60 || held.followers > 60 ? 'YES' : 'no'}, ` +
      `balance held: ${Math.abs(held.leaders - held.followers) <= 4 ? 'yes' : 'NO'}`
    : 'no rows';
  log(`  ${invariants}`);

  const table = [
    '| run | workload | req/s | p50 ms | p90 ms | p99 ms | max ms | requests | non-2xx | errors | cache hits |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results
      .filter((r) => r.label !== 'warm-up')
      .map(
        (r) =>
          `| ${r.label} | ${r.workload} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p90} | ${r.p99} | ${r.max} | ${r.requests} | ${r.non2xx} | ${r.errors} | ${r.hitRate === null ? '—' : `${(100 * r.hitRate).toFixed(2)} %`} |`,
      ),
  ].join('\n');
  const section = [
    MARKERS.start,
    '## Community: city calendar and RSVPs (`npm run bench:community`)',
    '',
    `Run ${date.toISOString()} on ${machineLine()}, load average before ${loadAverage.map((l) => l.toFixed(2)).join(' ')}; ` +
      `PostgreSQL ${scratch.serverVersion}, one app process, ${CONNECTIONS} connections, ${DURATION_S} s per timed run.`,
    '',
    `Data: ${users} dancers; ${counts?.events} events in ${city.slug} (a third weekly or monthly series) making ` +
      `${counts?.dates} dates, created through the API in ${createS.toFixed(1)} s (${failedCreates} failed). ` +
      `The month window holds the dates of the next 31 days; a page is 100 dates. The calendar cache ` +
      `(CALENDAR_CACHE_MB, 16 by default) keeps a page everyone may see for 5 s and forgets a city's pages at any ` +
      `change to one of its events; a member of private groups gets a page with their dates merged in, kept for the ` +
      `members of the same groups, whose membership is read at every request. Reads send a browser's ` +
      `Accept-Encoding (${BROWSER_ENCODING}): a page answered again goes out compressed with brotli ` +
      `(written once per page), except in the "uncompressed" run. ` +
      `"cache hits" is the share of its lookups it answered during the run (from /metrics). ` +
      `"cache off" is a second app process on the same database with CALENDAR_CACHE_MB=0.`,
    '',
    table,
    '',
    `RSVP invariants after the run: ${invariants}.`,
    '',
    `Target (issue 18): the month calendar's p99 under 30 ms at 50 connections. This run: ` +
      `${results.find((r) => r.label === 'Month calendar, signed in')?.p99 ?? '?'} ms signed in, ` +
      `${results.find((r) => r.label === 'Month calendar, anonymous')?.p99 ?? '?'} ms anonymous.`,
    MARKERS.end,
  ].join('\n');
  process.stdout.write(`\n${table}\n`);
  if (values['no-write']) return 0;
  await writeSection(path.join(root, 'docs/BENCHMARKS.md'), section, MARKERS);
  log('wrote the results to docs/BENCHMARKS.md');
  return 0;
}

void main()
  .catch((err: unknown) => {
    log(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  })
  .then(async (code) => {
    await stopAllTargets();
    await database?.close().catch(() => undefined);
    await scratch?.drop().catch(() => undefined);
    process.exit(code);
  });
