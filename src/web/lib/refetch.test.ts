import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { refetchAfterChange } from './refetch.ts';

// A change pushed while a query's first fetch is in flight: that fetch may carry the state from before it.

describe('refetchAfterChange', () => {
  const client = new QueryClient();
  afterEach(() => client.clear());

  /** A query whose answers are released by hand, in the order they are asked for. */
  function watched(key: string) {
    const answers: ((value: string) => void)[] = [];
    const observer = new QueryObserver(client, {
      queryKey: [key],
      queryFn: ({ signal }) =>
        new Promise<string>((resolve, reject) => {
          answers.push(resolve);
          signal.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    });
    const stop = observer.subscribe(() => undefined);
    return { answers, observer, stop };
  }

  it('does not keep the first answer of a fetch started before the change', async () => {
    const { answers, observer, stop } = watched('first-fetch');
    expect(answers).toHaveLength(1); // the first fetch is in flight, no data yet

    const refreshed = refetchAfterChange(client, ['first-fetch']);
    await vi.waitFor(() => expect(answers).toHaveLength(2));
    answers[0]?.('before the change'); // aborted: ignored
    answers[1]?.('after the change');
    await refreshed;
    expect(observer.getCurrentResult().data).toBe('after the change');
    stop();
  });

  it('reads a query that already has data again', async () => {
    const { answers, observer, stop } = watched('with-data');
    answers[0]?.('before the change');
    await vi.waitFor(() => expect(observer.getCurrentResult().data).toBe('before the change'));

    const refreshed = refetchAfterChange(client, ['with-data']);
    await vi.waitFor(() => expect(answers).toHaveLength(2));
    answers[1]?.('after the change');
    await refreshed;
    expect(observer.getCurrentResult().data).toBe('after the change');
    stop();
  });

  it('what it guards against: a plain invalidation joins the first fetch in flight', async () => {
    const { answers, observer, stop } = watched('plain');
    const invalidated = client.invalidateQueries({ queryKey: ['plain'] });
    answers[0]?.('before the change');
    await invalidated;
    expect(answers).toHaveLength(1);
    expect(observer.getCurrentResult().data).toBe('before the change');
    stop();
  });
});
