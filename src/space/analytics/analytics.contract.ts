import { z } from 'zod';

const seconds = z.number().min(0).max(100 * 3600);

/** What a shared file's page reports while it is open. */
export const viewBeaconInput = z.object({
  /** Seconds in front of the viewer since the last report. */
  seconds: z.number().int().min(0).max(3600),
  /** The video's or audio's length. */
  duration: seconds.optional(),
  /** The ranges played so far, as the media element lists them. */
  played: z.array(z.tuple([seconds, seconds])).max(500).default([]),
});

export const shareAnalyticsView = z.object({
  opens: z.number().int(),
  viewers: z.number().int(),
  seconds: z.number().int(),
  averageSeconds: z.number().int(),
  /** Opens and viewers per day (UTC), the last 30 days, oldest first. */
  days: z.array(z.object({ day: z.string(), opens: z.number().int(), viewers: z.number().int() })),
  /** Each viewer, in the order they first came. */
  byViewer: z.array(
    z.object({
      /** The recipient's address or the user's name; null: an anonymous visitor, known by `number`. */
      name: z.string().nullable(),
      number: z.number().int(),
      opens: z.number().int(),
      seconds: z.number().int(),
      lastVisit: z.string(),
      watchedPercent: z.number().int().nullable(),
      /** How far into the video or audio they got (the latest moment played), as a percent of its length. */
      furthestPercent: z.number().int().nullable(),
    }),
  ),
});
export type ShareAnalyticsView = z.infer<typeof shareAnalyticsView>;
