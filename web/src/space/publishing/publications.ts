// What the publishing panel works out, free of React so it can be unit-tested in Node.
import type { PublicationView } from '../../../../src/space/publishing/publishing.contract';

/** Whether Learn is still importing one of them (the list is asked again until it is done). */
export function anyPending(publications: readonly Pick<PublicationView, 'status'>[]): boolean {
  return publications.some((publication) => publication.status === 'pending');
}

/** The Learn course the file went to last, for "publish as a new version of it"; null when it never arrived anywhere. */
export function lastCourse(publications: readonly PublicationView[]): { id: string; title: string | null } | null {
  const published = [...publications].filter((publication) => publication.status === 'published' && publication.course).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  return published?.course ? { id: published.course.id, title: published.course.title } : null;
}
