import type { TestProject } from 'vitest/node';
import { createPool, wrapPool } from '../src/server/db/client.ts';
import { TEMPLATE_DB, adminQuery, databaseUrlFor } from './helpers/postgres.ts';

// With TEST_DATABASE_URL set, migrate one template database per run; each test file then gets a
// database copied from it (CREATE DATABASE … TEMPLATE), which takes milliseconds.
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    project.provide('pgTemplate', null);
    return async () => undefined;
  }
  await adminQuery(
    url,
    `drop database if exists ${TEMPLATE_DB} with (force)`,
    `create database ${TEMPLATE_DB}`,
  );
  const template = wrapPool(createPool(databaseUrlFor(url, TEMPLATE_DB), 1));
  try {
    await template.migrate();
  } finally {
    await template.close();
  }
  project.provide('pgTemplate', TEMPLATE_DB);
  return async () => {
    await adminQuery(url, `drop database if exists ${TEMPLATE_DB} with (force)`);
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string | null;
  }
}
