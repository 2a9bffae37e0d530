import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface ScratchDatabase {
  url: string;
  name: string;
  serverVersion: string;
  drop(): Promise<void>;
}

async function withAdmin<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl, application_name: 'abrazo-bench' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new empty database on the server of `serverUrl`; drop() is safe to call more than once. */
export async function createScratchDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const name = `abrazo_bench_${randomBytes(6).toString('hex')}`;
  const serverVersion = await withAdmin(serverUrl, async (client) => {
    await client.query(`create database ${name}`);
    const res = await client.query<{ server_version: string }>('show server_version');
    return res.rows[0]?.server_version ?? 'unknown';
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    name,
    serverVersion,
    drop: async () => {
      if (dropped) return;
      await withAdmin(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
      dropped = true;
    },
  };
}
