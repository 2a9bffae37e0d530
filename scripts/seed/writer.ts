import { sql } from 'drizzle-orm';
import type { Executor } from '../../src/server/db/client.ts';

// Multi-row inserts as `INSERT … SELECT … FROM unnest($1::uuid[], $2::text[], …)`: one parameter per
// column whatever the number of rows, so a statement carries thousands of rows with no parameter
// limit and one parse. Timestamps travel as epoch milliseconds (exact), arrays and jsonb as text.

export const ROWS_PER_STATEMENT = 5000;

export type ColumnKind = 'uuid' | 'text' | 'int' | 'bool' | 'date' | 'timestamp' | 'text[]' | 'jsonb';

export interface Column {
  name: string;
  kind: ColumnKind;
}

const ARRAY_TYPE: Record<ColumnKind, string> = {
  uuid: 'uuid[]',
  text: 'text[]',
  int: 'int4[]',
  bool: 'bool[]',
  date: 'date[]',
  timestamp: 'int8[]',
  'text[]': 'text[]',
  jsonb: 'text[]',
};

function selectExpr(kind: ColumnKind, alias: string): string {
  switch (kind) {
    case 'timestamp':
      return `'epoch'::timestamptz + ${alias} * interval '1 millisecond'`;
    case 'text[]':
      return `${alias}::text[]`;
    case 'jsonb':
      return `${alias}::jsonb`;
    case 'uuid':
    case 'text':
    case 'int':
    case 'bool':
    case 'date':
      return alias;
  }
}

/** A Postgres array literal for a text[] column (values are plain words here, quoted anyway). */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

export type Cell = string | number | boolean | null;

/** Rows of one table, held column by column until written. */
export class RowBuffer {
  private columnsData: Cell[][];

  constructor(
    readonly table: string,
    readonly columns: readonly Column[],
  ) {
    this.columnsData = columns.map(() => []);
  }

  push(...row: Cell[]): void {
    if (row.length !== this.columns.length)
      throw new Error(`${this.table}: expected ${this.columns.length} values`);
    for (let i = 0; i < row.length; i++) this.columnsData[i]?.push(row[i] ?? null);
  }

  get length(): number {
    return this.columnsData[0]?.length ?? 0;
  }

  /** Takes the buffered rows out, in statements of at most ROWS_PER_STATEMENT rows. */
  drain(): Cell[][][] {
    const all = this.columnsData;
    this.columnsData = this.columns.map(() => []);
    const total = all[0]?.length ?? 0;
    const chunks: Cell[][][] = [];
    for (let start = 0; start < total; start += ROWS_PER_STATEMENT) {
      chunks.push(all.map((col) => col.slice(start, start + ROWS_PER_STATEMENT)));
    }
    return chunks;
  }
}

function insertStatement(table: string, columns: readonly Column[], data: Cell[][]) {
  const names = columns.map((c) => c.name).join(', ');
  const aliases = columns.map((_, i) => `c${i}`);
  const select = columns.map((c, i) => selectExpr(c.kind, aliases[i] ?? '')).join(', ');
  const arrays = sql.join(
    columns.map((c, i) => sql`${sql.param(data[i] ?? [])}::${sql.raw(ARRAY_TYPE[c.kind])}`),
    sql`, `,
  );
  return sql`insert into ${sql.raw(table)} (${sql.raw(names)}) select ${sql.raw(select)} from unnest(${arrays}) as t(${sql.raw(aliases.join(', '))})`;
}

/**
 * Writes buffers on one connection, keeping one statement in flight while the caller builds the
 * next batch, so Node and Postgres work at the same time. Statements run in the order given, which
 * keeps foreign keys satisfied when parents are written first.
 */
export class Writer {
  private inFlight: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  readonly rowsByTable = new Map<string, number>();

  constructor(private readonly db: Executor) {}

  async write(buffer: RowBuffer): Promise<void> {
    for (const chunk of buffer.drain()) {
      await this.inFlight;
      if (this.failure !== undefined) throw this.failure;
      const rows = chunk[0]?.length ?? 0;
      this.rowsByTable.set(buffer.table, (this.rowsByTable.get(buffer.table) ?? 0) + rows);
      // The rejection is kept and rethrown by the next write or flush, so it is never unhandled.
      this.inFlight = this.db
        .execute(insertStatement(buffer.table, buffer.columns, chunk))
        .then(() => undefined)
        .catch((err: unknown) => {
          this.failure ??= err instanceof Error ? err : new Error(String(err));
        });
    }
  }

  async flush(): Promise<void> {
    await this.inFlight;
    if (this.failure !== undefined) throw this.failure;
  }
}
