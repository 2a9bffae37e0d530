import type { TestProject } from 'vitest/node';
import { createPool, wrapPool } from '../src/server/db/client.ts';
import { adminQuery, databaseUrlFor, templateDbName } from './helpers/postgres.ts';

// With TEST_DATABASE_URL set, migrate one template database per run; each test file then gets a
// database copied from it (CREATE DATABASE … TEMPLATE), which takes milliseconds.
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    project.provide('pgTemplate', null);
    return async () => undefined;
  }
  const templateDb = templateDbName();
  await adminQuery(url, `create database ${templateDb}`);
  const template = wrapPool(createPool(databaseUrlFor(url, templateDb), 1));
  try {
    await template.migrate();
  } finally {
    await template.close();
  }
  project.provide('pgTemplate', templateDb);
  return async () => {
    await adminQuery(url, `drop database if exists ${templateDb} with (force)`);
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string | null;
  }
}
