import { citext } from '@electric-sql/pglite/contrib/citext';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';

/** The extensions the embedded database must load for the migrations to apply. */
export const pgliteExtensions = { citext, pg_trgm, unaccent };
