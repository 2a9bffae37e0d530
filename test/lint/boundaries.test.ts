import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
const RULE = 'boundaries/dependencies';

// The repository's own eslint.config.js, without type information: the layer rule needs none, and
// linting a file that is not on disk then takes milliseconds.
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root, overrideConfig: [tseslint.configs.disableTypeChecked] });
});

interface Case {
  /** A file that does not exist, linted as if it stood at this path. */
  file: string;
  /** The path it imports, relative to the repository; the target must exist to be classified. */
  imports: string;
  typeOnly?: boolean;
}

/** The boundary messages for one import from `file`. */
async function boundaryErrors({ file, imports, typeOnly = false }: Case): Promise<string[]> {
  expect(existsSync(path.join(root, imports)), `${imports} must exist`).toBe(true);
  let specifier = path.relative(path.dirname(path.join(root, file)), path.join(root, imports));
  if (!specifier.startsWith('.')) specifier = `./${specifier}`;
  const code = `import ${typeOnly ? 'type ' : ''}* as target from '${specifier}';\nexport type { target };\n`;
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  const messages = result?.messages ?? [];
  const fatal = messages.find((m) => m.fatal);
  if (fatal) throw new Error(fatal.message);
  return messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

const forbidden: [why: string, Case][] = [
  ['lib imports db', { file: 'src/server/lib/case.ts', imports: 'src/server/db/client.ts' }],
  [
    'lib imports db, type-only',
    { file: 'src/server/lib/case.ts', imports: 'src/server/db/client.ts', typeOnly: true },
  ],
  [
    'lib imports a module',
    { file: 'src/server/lib/case.ts', imports: 'src/server/modules/reports/reports.service.ts' },
  ],
  [
    'db imports a module',
    { file: 'src/server/db/case.ts', imports: 'src/server/modules/reports/reports.service.ts' },
  ],
  ['db imports realtime', { file: 'src/server/db/case.ts', imports: 'src/server/realtime/gateway.ts' }],
  ['db imports a plugin', { file: 'src/server/db/case.ts', imports: 'src/server/plugins/errors.ts' }],
  ['contract imports server code', { file: 'src/contract/case.ts', imports: 'src/server/lib/errors.ts' }],
  ['web imports server code', { file: 'src/web/case.ts', imports: 'src/server/lib/errors.ts' }],
  [
    'a route imports a repo of its module',
    {
      file: 'src/server/modules/reports/case.routes.ts',
      imports: 'src/server/modules/reports/reports.repo.ts',
    },
  ],
  [
    'a route imports db',
    { file: 'src/server/modules/reports/case.routes.ts', imports: 'src/server/db/client.ts' },
  ],
  [
    'a repo imports a service of its module',
    {
      file: 'src/server/modules/reports/case.repo.ts',
      imports: 'src/server/modules/reports/reports.service.ts',
    },
  ],
  [
    'a repo imports routes of its module',
    {
      file: 'src/server/modules/reports/case.repo.ts',
      imports: 'src/server/modules/reports/reports.routes.ts',
    },
  ],
  [
    'a schema imports a service of its module',
    {
      file: 'src/server/modules/reports/case.schema.ts',
      imports: 'src/server/modules/reports/reports.service.ts',
    },
  ],
  [
    "a module imports another module's repo",
    {
      file: 'src/server/modules/comments/case.service.ts',
      imports: 'src/server/modules/reports/reports.repo.ts',
    },
  ],
  [
    "a module imports another module's repo, type-only",
    {
      file: 'src/server/modules/comments/case.service.ts',
      imports: 'src/server/modules/reports/reports.repo.ts',
      typeOnly: true,
    },
  ],
  [
    "a module imports another module's routes",
    {
      file: 'src/server/modules/comments/case.service.ts',
      imports: 'src/server/modules/reports/reports.routes.ts',
    },
  ],
  [
    "a module imports another module's private file",
    {
      file: 'src/server/modules/comments/case.service.ts',
      imports: 'src/server/modules/relations/visibility.ts',
    },
  ],
  [
    'a module imports config.ts',
    { file: 'src/server/modules/reports/case.service.ts', imports: 'src/server/config.ts' },
  ],
  [
    'a module imports config.ts, type-only',
    { file: 'src/server/modules/reports/case.routes.ts', imports: 'src/server/config.ts', typeOnly: true },
  ],
  [
    'a module imports app.ts',
    { file: 'src/server/modules/reports/case.service.ts', imports: 'src/server/app.ts' },
  ],
  [
    'a module imports realtime',
    { file: 'src/server/modules/reports/case.routes.ts', imports: 'src/server/realtime/gateway.ts' },
  ],
  [
    "a route imports a plugin's internals",
    { file: 'src/server/modules/reports/case.routes.ts', imports: 'src/server/plugins/errors.ts' },
  ],
  [
    'a service imports the auth plugin',
    { file: 'src/server/modules/reports/case.service.ts', imports: 'src/server/plugins/auth.ts' },
  ],
  [
    "realtime imports a module's repo",
    { file: 'src/server/realtime/case.ts', imports: 'src/server/modules/reports/reports.repo.ts' },
  ],
  [
    "realtime imports a module's schema values",
    { file: 'src/server/realtime/case.ts', imports: 'src/server/modules/reports/reports.schema.ts' },
  ],
  ['realtime imports db', { file: 'src/server/realtime/case.ts', imports: 'src/server/db/client.ts' }],
  [
    'a plugin imports a repo',
    { file: 'src/server/plugins/case.ts', imports: 'src/server/modules/reports/reports.repo.ts' },
  ],
  ['app code imports a test helper', { file: 'src/server/lib/case.ts', imports: 'test/helpers/app.ts' }],
  [
    'a module imports its own *.testing.ts',
    {
      file: 'src/server/modules/comments/case.service.ts',
      imports: 'src/server/modules/comments/comments.testing.ts',
    },
  ],
  ['a script imports a test helper', { file: 'scripts/case.ts', imports: 'test/helpers/app.ts' }],
];

const allowed: [why: string, Case][] = [
  ['lib imports lib', { file: 'src/server/lib/case.ts', imports: 'src/server/lib/errors.ts' }],
  ['lib imports contract', { file: 'src/server/lib/case.ts', imports: 'src/contract/envelope.ts' }],
  ['db imports lib', { file: 'src/server/db/case.ts', imports: 'src/server/lib/ids.ts' }],
  ['web imports contract', { file: 'src/web/case.ts', imports: 'src/contract/envelope.ts' }],
  [
    'a route imports its service',
    {
      file: 'src/server/modules/reports/case.routes.ts',
      imports: 'src/server/modules/reports/reports.service.ts',
    },
  ],
  [
    'a route reads the actor from the auth plugin',
    { file: 'src/server/modules/reports/case.routes.ts', imports: 'src/server/plugins/auth.ts' },
  ],
  [
    "a route names a plugin's option type",
    {
      file: 'src/server/modules/reports/case.routes.ts',
      imports: 'src/server/plugins/rate-limit.ts',
      typeOnly: true,
    },
  ],
  [
    'a service imports its repo',
    {
      file: 'src/server/modules/reports/case.service.ts',
      imports: 'src/server/modules/reports/reports.repo.ts',
    },
  ],
  [
    'a service imports db',
    { file: 'src/server/modules/reports/case.service.ts', imports: 'src/server/db/client.ts' },
  ],
  [
    "a module imports another module's service",
    {
      file: 'src/server/modules/comments/case.service.ts',
      imports: 'src/server/modules/reports/reports.service.ts',
    },
  ],
  [
    "a module imports another module's schema",
    {
      file: 'src/server/modules/comments/case.schema.ts',
      imports: 'src/server/modules/reports/reports.schema.ts',
    },
  ],
  [
    'a repo imports the visibility fragments',
    {
      file: 'src/server/modules/comments/case.repo.ts',
      imports: 'src/server/modules/relations/visibility.ts',
    },
  ],
  [
    "realtime imports a module's service",
    { file: 'src/server/realtime/case.ts', imports: 'src/server/modules/reports/reports.service.ts' },
  ],
  [
    "realtime imports a module's schema types",
    {
      file: 'src/server/realtime/case.ts',
      imports: 'src/server/modules/reports/reports.schema.ts',
      typeOnly: true,
    },
  ],
  [
    "a plugin imports a module's service",
    { file: 'src/server/plugins/case.ts', imports: 'src/server/modules/reports/reports.service.ts' },
  ],
  [
    'boot imports a module',
    { file: 'src/server/case.ts', imports: 'src/server/modules/reports/reports.routes.ts' },
  ],
  [
    'a test imports a repo',
    { file: 'src/server/lib/case.test.ts', imports: 'src/server/modules/reports/reports.repo.ts' },
  ],
  ['a test imports test helpers', { file: 'src/server/db/case.test.ts', imports: 'test/helpers/app.ts' }],
  [
    "a module's test setup imports anything",
    {
      file: 'src/server/modules/comments/case.testing.ts',
      imports: 'src/server/modules/reports/reports.repo.ts',
    },
  ],
  [
    'a script imports a repo',
    { file: 'scripts/case.ts', imports: 'src/server/modules/reports/staff.repo.ts' },
  ],
  ['a bench imports the app', { file: 'bench/case.ts', imports: 'src/server/app.ts' }],
];

describe('the layer rule (boundaries/dependencies in eslint.config.js)', () => {
  it.each(forbidden)('fails when %s', async (_why, c) => {
    expect(await boundaryErrors(c)).toHaveLength(1);
  });

  it.each(allowed)('passes when %s', async (_why, c) => {
    expect(await boundaryErrors(c)).toEqual([]);
  });
});
