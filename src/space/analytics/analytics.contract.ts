import { z } from 'zod';

const seconds = z.number().min(0).max(100 * 3600);
/** More pages than any document a person reads page by page; a report of more is refused. */
export const MAX_PDF_PAGES = 5000;

/** What a shared file's page reports while it is open. */
export const viewBeaconInput = z.object({
  /** Seconds in front of the viewer since the last report. */
  seconds: z.number().int().min(0).max(3600),
  /** The video's or audio's length. */
  duration: seconds.optional(),
  /** The ranges played so far, as the media element lists them. */
  played: z.array(z.tuple([seconds, seconds])).max(500).default([]),
  /** A PDF's number of pages, and the pages seen so far (numbered from 1). */
  pageCount: z.number().int().min(1).max(MAX_PDF_PAGES).optional(),
  pagesSeen: z.array(z.number().int().min(1).max(MAX_PDF_PAGES)).max(MAX_PDF_PAGES).default([]),
});

/** How far a viewer got in a shared course, as its SCOs reported it. */
export const courseProgressView = z.object({
  /** Parts (SCOs and assets) completed or passed, of how many the course has. */
  done: z.number().int(),
  total: z.number().int(),
  /** The part they reported from last, and where in it (the course's bookmark, often a slide). */
  current: z.object({ title: z.string(), location: z.string().nullable() }).nullable(),
  /** Each part they reached, in the course's order. */
  parts: z.array(z.object({ title: z.string(), status: z.enum(['in_progress', 'completed', 'passed', 'failed']), scorePercent: z.number().nullable(), location: z.string().nullable() })),
});
export type CourseProgressView = z.infer<typeof courseProgressView>;

export const shareAnalyticsView = z.object({
  opens: z.number().int(),
  viewers: z.number().int(),
  seconds: z.number().int(),
  averageSeconds: z.number().int(),
  /** Opens and viewers per day (UTC), the last 30 days, oldest first. */
  days: z.array(z.object({ day: z.string(), opens: z.number().int(), viewers: z.number().int() })),
  /** For a PDF: how many viewers saw each page (index 0 is page 1); empty when not a PDF or nobody saw a page. */
  viewersPerPage: z.array(z.number().int()),
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
      /** For a PDF: the pages they saw (in all their views), of how many it has; null: not a PDF, or no page seen. */
      pdf: z.object({ seen: z.array(z.number().int()), pageCount: z.number().int() }).nullable(),
      /** For a course: how far they got, as the course reported it while they played it (their latest report of each part); null: not a course, or never played. */
      course: courseProgressView.nullable(),
    }),
  ),
});
export type ShareAnalyticsView = z.infer<typeof shareAnalyticsView>;
