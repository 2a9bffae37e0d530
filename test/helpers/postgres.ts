import { createPool } from '../../src/server/db/client.ts';

export const TEMPLATE_DB = 'abrazo_test_template';

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
