import { useMutation } from '@tanstack/react-query';
import type { CreateReportBody, Report } from '../../../contract/reports.ts';
import { getData, NetworkError } from '../../lib/api.ts';

// Dancers only send reports; what becomes of them is the moderators' queue, which the web app does not show.

export const reportKeys = {
  all: ['reports'] as const,
};

/**
 * Reports a memory, a comment or a dancer. The dialog keeps one Idempotency-Key while it is open, so a
 * retry (by hand or after a network failure) files one report; reporting the same thing twice is one.
 */
export function useCreateReport() {
  return useMutation({
    mutationKey: reportKeys.all,
    mutationFn: ({ body, key }: { body: CreateReportBody; key: string }) =>
      getData<Report>('/reports', { method: 'POST', body, idempotencyKey: key }),
    retry: (failures, err) => err instanceof NetworkError && failures < 2,
  });
}
