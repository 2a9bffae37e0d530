import { sql, type SQLWrapper } from 'drizzle-orm';
import { expect } from 'vitest';
import { z } from 'zod';
import type { Executor } from '../../src/server/db/client.ts';

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string | undefined;
  'Index Name'?: string | undefined;
  Plans?: PlanNode[] | undefined;
}

const planNodeSchema: z.ZodType<PlanNode> = z.object({
  'Node Type': z.string(),
  'Relation Name': z.string().optional(),
  'Index Name': z.string().optional(),
  get Plans() {
    return z.array(planNodeSchema).optional();
  },
});

// node-postgres and PGlite both answer with {rows}; the json column arrives parsed, or as text.
const explainResultSchema = z.object({
  rows: z.array(z.object({ 'QUERY PLAN': z.unknown() })).length(1),
});
const explainOutputSchema = z.array(z.object({ Plan: planNodeSchema })).length(1);

export interface ExplainResult {
  /** The whole EXPLAIN (FORMAT JSON) output, for messages and ad-hoc checks. */
  json: unknown;
  /** Every plan node, depth first. */
  nodes: PlanNode[];
  nodeTypes: string[];
  /** Names of the indexes the plan reads. */
  indexes: string[];
  /** Tables read by a sequential scan. */
  seqScanned: string[];
}

/** Runs EXPLAIN (FORMAT JSON) on a drizzle query, with its parameters bound, on either driver. */
export async function explain(db: Executor, query: SQLWrapper): Promise<ExplainResult> {
  const result = explainResultSchema.parse(await db.execute(sql`explain (format json) ${query.getSQL()}`));
  const raw = result.rows[0]?.['QUERY PLAN'];
  const json: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
  const [root] = explainOutputSchema.parse(json);
  const nodes: PlanNode[] = [];
  const walk = (node: PlanNode) => {
    nodes.push(node);
    for (const child of node.Plans ?? []) walk(child);
  };
  if (root) walk(root.Plan);
  return {
    json,
    nodes,
    nodeTypes: nodes.map((n) => n['Node Type']),
    indexes: nodes.flatMap((n) => (n['Index Name'] ? [n['Index Name']] : [])),
    seqScanned: nodes.flatMap((n) =>
      n['Node Type'] === 'Seq Scan' && n['Relation Name'] ? [n['Relation Name']] : [],
    ),
  };
}

export interface IndexScanExpectation {
  /** Indexes the plan must read, every one of them. */
  indexes?: readonly string[];
  /** Indexes of which the plan must read at least one, where the planner may fairly pick. */
  oneOf?: readonly string[];
  /** Tables the plan must not read by a sequential scan. */
  noSeqScan?: readonly string[];
}

/** Asserts that a plan takes its indexes and scans none of the given tables; a failure shows the plan. */
export function expectIndexScan(plan: ExplainResult, expected: IndexScanExpectation): void {
  const text = JSON.stringify(plan.json);
  for (const index of expected.indexes ?? []) expect(plan.indexes, text).toContain(index);
  const { oneOf } = expected;
  if (oneOf)
    expect(
      plan.indexes.some((i) => oneOf.includes(i)),
      text,
    ).toBe(true);
  for (const table of expected.noSeqScan ?? []) expect(plan.seqScanned, text).not.toContain(table);
}
