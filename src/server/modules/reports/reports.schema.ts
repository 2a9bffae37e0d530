import { z } from 'zod';
import { dataEnvelope, errorResponses, pageEnvelope } from '../../../contract/envelope.ts';
import {
  createReportBodySchema,
  moderatedReportSchema,
  reportSchema,
  reportStatusSchema,
  resolveReportBodySchema,
} from '../../../contract/reports.ts';
import { pageQuerySchema } from '../../lib/pagination.ts';
import { idempotencyHeaders } from '../idempotency/idempotency.schema.ts';

const tags = ['reports'];

export const createReportSchema = {
  tags,
  operationId: 'createReport',
  summary: 'Report a memory, comment or user to the moderators',
  description:
    'The target must exist and be visible to you. While your report on it is open, reporting it again ' +
    'returns that report with 200 instead of filing another.',
  headers: idempotencyHeaders,
  body: createReportBodySchema,
  response: {
    201: dataEnvelope(reportSchema),
    200: dataEnvelope(reportSchema),
    ...errorResponses(400, 401, 404, 409),
  },
};

export const listReportsSchema = {
  tags,
  operationId: 'listReports',
  summary: 'The moderation queue (moderators only)',
  description:
    'Open reports come oldest first, so the queue is worked in order; resolved and dismissed ones newest first.',
  querystring: pageQuerySchema.extend({ status: reportStatusSchema.default('open') }),
  response: { 200: pageEnvelope(moderatedReportSchema), ...errorResponses(400, 401, 403) },
};

export const resolveReportSchema = {
  tags,
  operationId: 'resolveReport',
  summary: 'Close an open report as resolved or dismissed (moderators only)',
  params: z.object({ id: z.uuid() }),
  body: resolveReportBodySchema,
  response: { 200: dataEnvelope(moderatedReportSchema), ...errorResponses(400, 401, 403, 404, 409) },
};
