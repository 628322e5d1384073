import { z } from 'zod';

export const publishInput = z.object({
  /** The file's version to publish; omitted: the current one. */
  version: z.number().int().min(1).optional(),
  /** The Learn course that gets it as a new version; null: a new course. */
  courseId: z.uuid().nullable().default(null),
});
export type PublishInput = z.input<typeof publishInput>;

export const publicationView = z.object({
  id: z.uuid(),
  version: z.number().int(),
  status: z.enum(['pending', 'published', 'failed']),
  course: z.object({ id: z.uuid(), title: z.string().nullable(), version: z.number().int().nullable() }).nullable(),
  errorCode: z.string().nullable(),
  publishedBy: z.uuid(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type PublicationView = z.infer<typeof publicationView>;
export const publicationListView = z.object({ publications: z.array(publicationView) });
