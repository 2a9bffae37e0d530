import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

/*
 * The layers, one element type each (docs/ARCHITECTURE.md draws the same picture). A file belongs to
 * the first pattern that matches its folder; inside a feature module, files are also told apart by
 * their role suffix (file categories).
 */
const elements = [
  { type: 'contract', pattern: 'src/contract' },
  { type: 'web', pattern: 'src/web' },
  { type: 'db', pattern: 'src/server/db' },
  { type: 'lib', pattern: 'src/server/lib' },
  { type: 'module', pattern: 'src/server/modules/*', capture: ['feature'] },
  { type: 'realtime', pattern: 'src/server/realtime' },
  { type: 'plugins', pattern: 'src/server/plugins' },
  // The rest of src/server: main.ts, app.ts, config.ts, logger.ts.
  { type: 'boot', pattern: 'src/server' },
  { type: 'test', pattern: 'test' },
  // Run by hand or by npm scripts; the app never imports them.
  { type: 'tool', pattern: ['scripts', 'bench'] },
].map((element) => ({ ...element, partialMatch: false }));

const files = [
  // *.testing.ts: setup shared by the test files of one module.
  { category: 'test', pattern: ['**/*.test.ts', '**/*.test.tsx', '**/*.testing.ts', 'test/**'] },
  { category: 'routes', pattern: 'src/server/modules/*/*.routes.ts' },
  { category: 'service', pattern: 'src/server/modules/*/*.service.ts' },
  { category: 'repo', pattern: 'src/server/modules/*/*.repo.ts' },
  { category: 'schema', pattern: 'src/server/modules/*/*.schema.ts' },
];

const layer = (type) => ({ element: { type } });
const moduleFile = (category) => ({ element: { type: 'module' }, file: { categories: category } });
const typeOnly = { kind: 'type' };

const targets = {
  contract: { to: layer('contract') },
  web: { to: layer('web') },
  db: { to: layer('db') },
  lib: { to: layer('lib') },
  module: { to: layer('module') },
  realtime: { to: layer('realtime') },
  plugins: { to: layer('plugins') },
  boot: { to: layer('boot') },
  tool: { to: layer('tool') },
  // A module's public face: its services, and its schemas (zod schemas and header names only).
  services: { to: moduleFile('service') },
  schemas: { to: moduleFile('schema') },
  'schema types': { to: moduleFile('schema'), dependency: typeOnly },
};

/*
 * Every allowed arrow between layers. A file may also import any file of its own element (its own
 * folder: for a module, its own feature). Whatever is not listed is forbidden. Type-only imports
 * follow the same arrows as value imports unless an arrow says "types".
 */
const arrows = {
  contract: [],
  web: ['contract'],
  lib: ['contract'],
  db: ['lib', 'contract'],
  module: ['services', 'schemas', 'db', 'lib', 'contract'],
  realtime: ['services', 'schema types', 'lib', 'contract'],
  plugins: ['services', 'schemas', 'lib', 'contract'],
  boot: ['module', 'realtime', 'plugins', 'db', 'lib', 'contract'],
  // 'tool': bench uses the seed of scripts/, and the web app's table of the catalogue parts each page
  // loads (bench:web's first-load budget).
  tool: ['boot', 'module', 'realtime', 'plugins', 'db', 'lib', 'contract', 'web', 'tool'],
  // test: anything, see the last policy.
};

/*
 * Rules inside src/server/modules, narrowing the arrows above: routes → service → repo. Policies are
 * read in order and the last one that matches decides, so these come after the arrows.
 */
const moduleRules = [
  // Routes read the signed-in actor from the auth plugin (actorOf) and may name the option types
  // of plugins (rate limits); nothing else of the plugins.
  {
    from: moduleFile('routes'),
    allow: { to: { ...layer('plugins'), file: { path: 'src/server/plugins/auth.ts' } } },
  },
  { from: moduleFile('routes'), allow: { ...targets.plugins, dependency: typeOnly } },
  // The one definition of who may see what, as SQL fragments, is used by the queries of every module.
  {
    from: moduleFile('repo'),
    allow: { to: { ...layer('module'), file: { path: 'src/server/modules/relations/visibility.ts' } } },
  },
  { from: moduleFile('routes'), disallow: { to: [moduleFile('repo'), layer('db')] } },
  { from: moduleFile('repo'), disallow: { to: [moduleFile('service'), moduleFile('routes')] } },
  // Other modules and the plugins import schema files, which must not pull the rest of a module along.
  {
    from: moduleFile('schema'),
    disallow: { to: [moduleFile('service'), moduleFile('repo'), moduleFile('routes')] },
  },
];

const testCode = { file: { categories: 'test' } };

const policies = [
  { allow: { dependency: { relationship: { to: 'internal' } } } },
  ...Object.entries(arrows).flatMap(([from, to]) =>
    to.map((name) => ({ from: layer(from), allow: targets[name] })),
  ),
  ...moduleRules,
  // The app never imports test code; tests import anything they need.
  { disallow: { to: testCode } },
  { from: testCode, allow: { dependency: { kind: '*' } } },
];

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'bench/.results/', 'src/server/db/migrations/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      // Fastify plugins and handlers are async by contract even when they await nothing.
      '@typescript-eslint/require-await': 'off',
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/root-path': import.meta.dirname,
      'boundaries/elements': elements,
      'boundaries/files': files,
      'boundaries/legacy-templates': false,
      // Re-exports and import() are dependencies too.
      'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import'],
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', checkInternals: true, policies }],
    },
  },
  {
    // The contract's zod schemas would bring zod (~24 KB gzip) into every page: the web app takes their
    // types only, and values from the zod-free contract/rules.ts and contract/locales.ts.
    files: ['src/web/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'zod', message: 'The web app ships no zod; see src/contract/rules.ts.' }],
          patterns: [
            {
              regex: 'contract/(?!rules\\.ts$|locales\\.ts$)[^/]+$',
              allowTypeImports: true,
              message:
                'Import contract schemas as types only (zod stays out of the bundle); values come from contract/rules.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
