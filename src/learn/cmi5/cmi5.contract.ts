import { z } from 'zod';
import { WAIVE_REASONS } from './cmi5-vocabulary.js';

export const waiveBody = z.strictObject({
  /** The AU's LMS id (the activityId its launches carry). */
  auId: z.string().min(1).max(2_048),
  reason: z.enum(WAIVE_REASONS),
});

export const waiveResponse = z.object({ enrolmentId: z.uuid(), attemptId: z.uuid(), auId: z.string(), status: z.string() });
export const abandonResponse = z.object({ enrolmentId: z.uuid(), attemptId: z.uuid(), abandonedSessions: z.number().int() });
