import { z } from 'zod';
import { userSummarySchema } from './social.ts';

import {
  REPORT_DETAILS_MAX_LENGTH,
  REPORT_REASON_VALUES,
  REPORT_STATUS_VALUES,
  REPORT_TARGET_VALUES,
} from './rules.ts';

export { REPORT_REASON_VALUES, REPORT_STATUS_VALUES, REPORT_TARGET_VALUES };

export const reportTargetSchema = z.enum(REPORT_TARGET_VALUES);
export const reportReasonSchema = z.enum(REPORT_REASON_VALUES);
export const reportStatusSchema = z.enum(REPORT_STATUS_VALUES);

export const createReportBodySchema = z.object({
  targetType: reportTargetSchema,
  targetId: z.uuid().describe('The id of the memory, comment or user'),
  reason: reportReasonSchema,
  details: z
    .string()
    .trim()
    .max(REPORT_DETAILS_MAX_LENGTH)
    .optional()
    .describe('What a moderator should know'),
});
export type CreateReportBody = z.infer<typeof createReportBodySchema>;

/** What the reporter sees of their own report. */
export const reportSchema = z
  .object({
    id: z.string(),
    targetType: reportTargetSchema,
    targetId: z.string(),
    reason: reportReasonSchema,
    details: z.string(),
    status: reportStatusSchema,
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Report' });
export type Report = z.infer<typeof reportSchema>;

/** A report as the moderation queue shows it. */
export const moderatedReportSchema = reportSchema
  .extend({
    reporter: userSummarySchema,
    resolvedBy: userSummarySchema.nullable(),
    resolutionNote: z.string().nullable(),
    resolvedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ModeratedReport' });
export type ModeratedReport = z.infer<typeof moderatedReportSchema>;

export const resolveReportBodySchema = z.object({
  status: z.enum(['resolved', 'dismissed']).describe('resolved: action was taken; dismissed: nothing wrong'),
  note: z.string().trim().max(1000).optional().describe('For the other moderators'),
});
export type ResolveReportBody = z.infer<typeof resolveReportBodySchema>;
