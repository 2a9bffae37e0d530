import { describe, expect, it } from 'vitest';
import type { StepResult } from './chat-load.ts';
import { median, scenarioVerdict, stepFailures, summarizeRates } from './chat-report.ts';

// The summarising logic of bench:chat: repeats per rate, median and worst p99, no failure hidden.

function step(offered: number, p99: number, extra: Partial<StepResult> = {}): StepResult {
  return {
    offered,
    sent: offered * 8,
    delivered: offered * 8,
    sendsPerS: offered,
    deliveriesPerS: offered,
    latency: { p50: p99 / 4, p99, max: p99 * 2 },
    ack: { p50: 1, p99: 2 },
    errors: 0,
    skipped: 0,
    missing: 0,
    ...extra,
  };
}

describe('summarizeRates', () => {
  it('fails a rate when one of its three repeats missed the target, a later pass notwithstanding', () => {
    const [rate] = summarizeRates([step(200, 206), step(200, 69), step(200, 65)], 100);
    expect(rate).toMatchObject({
      offered: 200,
      repeats: 3,
      failed: 1,
      passed: false,
      worstP99: 206,
      medianP99: 69,
    });
  });

  it('gives the highest rate at which every repeat passed, with its worst p99, and lists every failed rate', () => {
    const rates = summarizeRates(
      [
        ...[10, 12, 11].map((p99) => step(100, p99)),
        ...[206, 69, 65].map((p99) => step(200, p99)),
        ...[40, 90, 50].map((p99) => step(400, p99)),
        ...[30, 35].map((p99) => step(800, p99)),
        step(800, 40, { missing: 3 }),
      ],
      100,
    );
    const { best, failed } = scenarioVerdict(rates);
    expect(best).toMatchObject({ offered: 400, worstP99: 90, medianP99: 50 });
    expect(failed.map((r) => [r.offered, r.failed])).toEqual([
      [200, 1],
      [800, 1],
    ]);
  });

  it('has no passing rate when none passed', () => {
    expect(scenarioVerdict(summarizeRates([step(100, 150)], 100)).best).toBeUndefined();
  });
});

describe('stepFailures', () => {
  it('names each reason a step missed', () => {
    expect(stepFailures(step(100, 50), 100)).toEqual([]);
    expect(stepFailures(step(100, 100), 100)).toEqual(['p99 100.0 ≥ 100 ms']);
    expect(stepFailures(step(100, 50, { sendsPerS: 80, skipped: 5, missing: 2, errors: 1 }), 100)).toEqual([
      'acked 80/s < 90 % of offered',
      '5 skipped',
      '2 lost',
      '1 errors',
    ]);
    expect(stepFailures(step(100, Number.NaN), 100)).toEqual(['no deliveries']);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones, and counts NaN as the worst', () => {
    expect(median([206, 65, 69])).toBe(69);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([Number.NaN, 1, 2])).toBe(2);
    expect(median([Number.NaN, Number.NaN, 2])).toBeNaN();
  });
});
