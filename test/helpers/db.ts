import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import {
  createPool,
  pgliteExtensions,
  wrapPglite,
  wrapPool,
  type DatabaseHandle,
} from '../../src/server/db/client.ts';
import { adminQuery, databaseUrlFor } from './postgres.ts';

let embeddedTemplate: Promise<PGlite> | undefined;

// Created and migrated once per worker; every test database is a clone of it.
function getEmbeddedTemplate(): Promise<PGlite> {
  embeddedTemplate ??= (async () => {
    const client = await PGlite.create({ extensions: pgliteExtensions });
    await wrapPglite(client).migrate();
    return client;
  })();
  return embeddedTemplate;
}

/** A fresh, migrated database of its own: a PGlite clone, or a Postgres database copied from the template. */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const baseUrl = process.env.TEST_DATABASE_URL;
  const template = inject('pgTemplate');
  if (!baseUrl || !template) {
    const clone = await (await getEmbeddedTemplate()).clone();
    if (!(clone instanceof PGlite)) throw new Error('PGlite.clone() returned something else');
    return wrapPglite(clone);
  }
  const name = `abrazo_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(baseUrl, `create database ${name} template ${template}`);
  const handle = wrapPool(createPool(databaseUrlFor(baseUrl, name), 5));
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await adminQuery(baseUrl, `drop database if exists ${name} with (force)`);
    },
  };
}
