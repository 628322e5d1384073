import type { ReportItem } from '../packages/manifest.types.js';
import type { CourseView, VersionView } from './courses.contract.js';
import type { CourseWithVersion, VersionWithCurrent } from './courses.repository.js';

export function courseViewOf(course: CourseWithVersion): CourseView {
  const current = course.currentVersion;
  return {
    id: course.id,
    title: course.title,
    description: course.description,
    category: course.category,
    language: course.language,
    tags: course.tags,
    status: course.status,
    selfEnrolment: course.selfEnrolment,
    hasCover: course.coverKey !== null,
    createdAt: course.createdAt.toISOString(),
    updatedAt: course.updatedAt.toISOString(),
    currentVersion: current && {
      id: current.id,
      version: current.version,
      scormVersion: current.scormVersion,
      title: current.title,
      createdAt: new Date(current.createdAt).toISOString(),
    },
  };
}

export function versionViewOf(version: VersionWithCurrent): VersionView {
  return {
    id: version.id,
    itemId: version.itemId,
    courseId: version.courseId,
    version: version.version,
    kind: version.kind,
    scormVersion: version.scormVersion,
    title: version.title,
    warnings: version.warnings as ReportItem[],
    sizeBytes: Number(version.sizeBytes),
    fileCount: version.fileCount,
    uploadedBy: version.uploadedBy,
    source: version.sourceLabel ? { label: version.sourceLabel, ref: version.sourceRef } : null,
    createdAt: version.createdAt.toISOString(),
    current: version.current,
  };
}
