import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api.ts';

/** One client for the app: no retries of answers that will not change (4xx), a short wait for the rest. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failures, err) => !(err instanceof ApiError && err.status < 500) && failures < 2,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}
