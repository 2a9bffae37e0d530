import { defineConfig } from 'drizzle-kit';

// Generation only needs the schema; it never connects. `npm run db:migrate` uses the app's own migrator.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/server/db/schema/index.ts',
  out: './src/server/db/migrations',
  casing: 'snake_case',
});
