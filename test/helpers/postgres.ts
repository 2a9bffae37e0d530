import { randomBytes } from 'node:crypto';
import { createPool } from '../../src/server/db/client.ts';

/** One template per test run, so runs sharing a server (several checkouts, CI beside a developer) never drop each other's. */
export const templateDbName = () => `abrazo_test_template_${randomBytes(4).toString('hex')}`;

export function databaseUrlFor(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs statements (CREATE/DROP DATABASE) on the server's maintenance connection, one at a time. */
export async function adminQuery(serverUrl: string, ...statements: string[]): Promise<void> {
  const admin = createPool(serverUrl, 1);
  try {
    for (const statement of statements) await admin.query(statement);
  } finally {
    await admin.end();
  }
}
