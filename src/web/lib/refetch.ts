import type { QueryClient, QueryKey } from '@tanstack/react-query';

/**
 * Reads the queries under `queryKey` again so that their answers include a change made just now (a
 * pushed message, say). A first fetch still in flight may have been answered before the change, and
 * TanStack Query joins such a fetch instead of restarting it when the query has no data yet, so it is
 * cancelled first.
 */
export async function refetchAfterChange(client: QueryClient, queryKey: QueryKey): Promise<void> {
  await client.cancelQueries({ queryKey });
  await client.invalidateQueries({ queryKey });
}
