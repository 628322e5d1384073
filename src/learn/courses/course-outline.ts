import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Orm } from '../../platform/db/index.js';
import { contentVersions, courseItems, courses, type CourseStatus } from './courses.schema.js';

/** A course as a page outside Learn shows it (the store's landing page): its words and its curriculum. */
export interface CourseOutline {
  id: string;
  title: string;
  description: string;
  language: string | null;
  status: CourseStatus;
  /** The course's items in order, each with the lessons its package lists (SCORM organisation items; none for other kinds). */
  items: { title: string; kind: string; lessons: string[] }[];
}

interface ManifestNode {
  title?: unknown;
  isVisible?: unknown;
  items?: unknown;
  children?: unknown;
}

/** The visible titles of a package's organisation tree, depth first (at most 200: a curriculum, not a dump). */
function lessonTitles(manifest: unknown): string[] {
  const titles: string[] = [];
  const walk = (nodes: unknown) => {
    if (!Array.isArray(nodes)) return;
    for (const node of nodes as ManifestNode[]) {
      if (titles.length >= 200) return;
      if (typeof node.title === 'string' && node.title.trim() !== '' && node.isVisible !== false) titles.push(node.title.trim());
      walk(node.children ?? node.items);
    }
  };
  const organizations = (manifest as { organizations?: { items?: unknown }[] } | null)?.organizations;
  if (Array.isArray(organizations)) walk(organizations[0]?.items);
  return titles;
}

/** The outlines of these courses (unknown ids are left out), read in the caller's tenant transaction. */
export async function courseOutlines(tx: Orm, courseIds: string[]): Promise<Map<string, CourseOutline>> {
  if (courseIds.length === 0) return new Map();
  const courseRows = await tx
    .select({ id: courses.id, title: courses.title, description: courses.description, language: courses.language, status: courses.status })
    .from(courses)
    .where(inArray(courses.id, courseIds));
  const itemRows = await tx
    .select({ courseId: courseItems.courseId, title: courseItems.title, kind: courseItems.kind, manifest: contentVersions.manifest })
    .from(courseItems)
    .leftJoin(contentVersions, and(eq(contentVersions.id, courseItems.currentVersionId)))
    .where(inArray(courseItems.courseId, courseIds))
    .orderBy(asc(courseItems.courseId), asc(courseItems.position), asc(courseItems.createdAt));
  const outlines = new Map<string, CourseOutline>(courseRows.map((row) => [row.id, { ...row, items: [] }]));
  for (const item of itemRows) outlines.get(item.courseId)?.items.push({ title: item.title, kind: item.kind, lessons: lessonTitles(item.manifest) });
  return outlines;
}
