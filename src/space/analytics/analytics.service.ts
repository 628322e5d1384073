import type { UseCase } from '../../platform/access/index.js';
import type { Db } from '../../platform/db/index.js';
import { AppError, csvDialectOf, csvLine, csvText, formatUtcMinute, UTF8_BOM, type Language } from '../../platform/http/index.js';
import { itemFor, libraryAccessOf } from '../library/item-access.js';
import { findShareLink } from '../sharing/sharing.repository.js';
import { openShare, visitorKey, type OpenShare, type Visitor } from '../sharing/sharing.service.js';
import { courseProgressOf, insertViewSession, findViewSession, opensOf, updateViewSession, viewSessionsOf, type CourseProgressRow } from './analytics.repository.js';
import { viewBeaconInput, type CourseProgressView } from './analytics.contract.js';
import { cappedSeconds, coveredSeconds, mergeRanges } from './played-ranges.js';
import type { PlayedRanges, SeenPages } from './analytics.schema.js';
import { mergePages, pageRangesText } from './seen-pages.js';

/** How many days the chart of opens goes back. */
export const CHART_DAYS = 30;

/** A view of a shared file's page begins: the page reports to it while it is open. */
export async function startViewSession(db: Db, visitor: Visitor, share: OpenShare, itemId = share.item.id): Promise<string> {
  return db.withTenant(visitor.tenant.id, (tx) =>
    insertViewSession(tx, { linkId: share.link.id, itemId, visitor: visitorKey(visitor, share), userId: visitor.user?.id ?? null, recipientEmail: share.recipient?.email ?? null }),
  );
}

/**
 * What the page of a view reports: time in front of the viewer since its last report, and what of
 * a video or audio was played. Only while the link still opens for this visitor, and only for a
 * view of this link; time is capped by the clock, ranges are clamped and merged.
 */
export async function recordViewBeacon(db: Db, visitor: Visitor, token: string, sessionId: string, unchecked: unknown, now = new Date()): Promise<void> {
  const input = viewBeaconInput.parse(unchecked);
  const share = await openShare(db, visitor, token);
  await db.withTenant(visitor.tenant.id, async (tx) => {
    const view = await findViewSession(tx, sessionId, share.link.id, { lock: true });
    if (!view) throw new AppError('SPACE_SHARE_NOT_FOUND');
    const duration = input.duration ?? view.duration;
    const pageCount = input.pageCount ?? view.pageCount;
    await updateViewSession(tx, view.id, {
      seconds: cappedSeconds({ reported: input.seconds, already: view.seconds, startedAt: view.startedAt, lastSeenAt: view.lastSeenAt, now }),
      duration,
      played: mergeRanges(view.played, input.played as PlayedRanges, duration),
      pageCount,
      pagesSeen: mergePages(view.pagesSeen, input.pagesSeen, pageCount),
      lastSeenAt: now,
    });
  });
}

export interface ViewerReport {
  /** The recipient's address or the signed-in user's name; null: a visitor known only by number. */
  name: string | null;
  /** Visitors in the order they first came, from 1. */
  number: number;
  opens: number;
  seconds: number;
  lastVisit: Date;
  /** How much of the video or audio they played, in all their views; null: not a media file, or never played. */
  watchedPercent: number | null;
  /** How far into the video or audio they got: the latest moment they played; null as for watchedPercent. */
  furthestPercent: number | null;
  /** The pages of a PDF they saw, in all their views, of how many it has; null: not a PDF, or no page seen. */
  pdf: { seen: SeenPages; pageCount: number } | null;
  /** How far they got in a course; null: not a course, or never played. */
  course: CourseProgressView | null;
}

export interface ShareAnalytics {
  opens: number;
  viewers: number;
  seconds: number;
  averageSeconds: number;
  days: { day: string; opens: number; viewers: number }[];
  /** For a PDF: how many viewers saw each page (index 0 is page 1). */
  viewersPerPage: number[];
  viewerReports: ViewerReport[];
}

/** A link's views, per viewer and per day (for whoever may edit what it shares). */
export async function shareAnalytics(useCase: UseCase, linkId: string, now = new Date()): Promise<ShareAnalytics> {
  const link = await findShareLink(useCase.tx, linkId);
  if (!link) throw new AppError('SPACE_SHARE_NOT_FOUND', [{ field: 'id', value: linkId }]);
  await itemFor(useCase, await libraryAccessOf(useCase), link.itemId, 'edit');
  const opens = await opensOf(useCase.tx, linkId);
  const sessions = await viewSessionsOf(useCase.tx, linkId);
  const courseProgress = courseProgressByVisitor(await courseProgressOf(useCase.tx, linkId));

  const byVisitor = new Map<string, ViewerReport & { ranges: PlayedRanges; duration: number | null; pages: SeenPages; pageCount: number | null }>();
  for (const open of opens) {
    const known = byVisitor.get(open.visitor);
    const name = open.recipientEmail ?? (open.firstName !== null ? `${open.firstName} ${open.lastName ?? ''}`.trim() : null);
    if (known) {
      known.opens += 1;
      known.lastVisit = open.at;
    } else
      byVisitor.set(open.visitor, { name, number: byVisitor.size + 1, opens: 1, seconds: 0, lastVisit: open.at, watchedPercent: null, furthestPercent: null, pdf: null, course: courseProgress.get(open.visitor) ?? null, ranges: [], duration: null, pages: [], pageCount: null });
  }
  for (const session of sessions) {
    const viewer = byVisitor.get(session.visitor);
    if (!viewer) continue;
    viewer.seconds += session.seconds;
    viewer.duration = Math.max(viewer.duration ?? 0, session.duration ?? 0) || null;
    viewer.ranges = mergeRanges(viewer.ranges, session.played, viewer.duration);
    viewer.pageCount = Math.max(viewer.pageCount ?? 0, session.pageCount ?? 0) || null;
    viewer.pages = mergePages(viewer.pages, session.pagesSeen, viewer.pageCount);
  }
  const percentOf = (seconds: number, duration: number) => Math.min(100, Math.round((seconds / duration) * 100));
  const viewerReports = [...byVisitor.values()].map(({ ranges, duration, pages, pageCount, ...viewer }) => ({
    ...viewer,
    pdf: pageCount && pages.length > 0 ? { seen: pages, pageCount } : null,
    watchedPercent: duration && ranges.length > 0 ? percentOf(coveredSeconds(ranges), duration) : null,
    // The ranges are sorted and merged: the last one ends latest.
    furthestPercent: duration && ranges.length > 0 ? percentOf(ranges.at(-1)![1], duration) : null,
  }));

  const days = Array.from({ length: CHART_DAYS }, (_, index) => new Date(now.getTime() - (CHART_DAYS - 1 - index) * 86_400_000).toISOString().slice(0, 10));
  const perDay = new Map(days.map((day) => [day, { opens: 0, viewers: new Set<string>() }]));
  for (const open of opens) {
    const day = perDay.get(open.at.toISOString().slice(0, 10));
    if (day) {
      day.opens += 1;
      day.viewers.add(open.visitor);
    }
  }
  const seconds = viewerReports.reduce((sum, viewer) => sum + viewer.seconds, 0);
  const viewersPerPage = Array.from({ length: Math.max(0, ...viewerReports.map((viewer) => viewer.pdf?.pageCount ?? 0)) }, () => 0);
  for (const viewer of viewerReports) for (const page of viewer.pdf?.seen ?? []) viewersPerPage[page - 1]! += 1;
  return {
    opens: opens.length,
    viewers: viewerReports.length,
    seconds,
    averageSeconds: opens.length > 0 ? Math.round(seconds / opens.length) : 0,
    days: days.map((day) => ({ day, opens: perDay.get(day)!.opens, viewers: perDay.get(day)!.viewers.size })),
    viewersPerPage,
    viewerReports,
  };
}

const DONE = new Set(['completed', 'passed']);

/** Each visitor's course progress over all their views: per part the latest report, in the course's order. */
function courseProgressByVisitor(rows: (CourseProgressRow & { visitor: string })[]): Map<string, CourseProgressView> {
  const latest = new Map<string, Map<string, CourseProgressRow>>();
  // Oldest report first: a later one of the same part replaces it, and the last one is where they are.
  const lastOf = new Map<string, CourseProgressRow>();
  for (const row of rows) {
    const parts = latest.get(row.visitor) ?? new Map<string, CourseProgressRow>();
    parts.set(row.scoId, row);
    latest.set(row.visitor, parts);
    lastOf.set(row.visitor, row);
  }
  return new Map(
    [...latest].map(([visitor, parts]) => {
      const ordered = [...parts.values()].sort((a, b) => a.position - b.position);
      const last = lastOf.get(visitor)!;
      return [
        visitor,
        {
          done: ordered.filter((part) => DONE.has(part.status)).length,
          total: last.itemCount,
          current: { title: last.title, location: last.location },
          parts: ordered.map((part) => ({ title: part.title, status: part.status as CourseProgressView['parts'][number]['status'], scorePercent: part.scorePercent, location: part.location })),
        },
      ];
    }),
  );
}

/** The viewers as CSV (a spreadsheet of the language opens it as is; cells a spreadsheet would run as formulas are neutralised). */
export function analyticsCsv(report: ShareAnalytics, language: Language): string {
  const dialect = csvDialectOf(language);
  const de = language === 'de';
  const header = de
    ? ['Betrachter', 'Aufrufe', 'Zeit (Sekunden)', 'Angesehen (%)', 'Am weitesten (%)', 'Kursteile abgeschlossen', 'Zuletzt im Kurs', 'PDF-Seiten gesehen', 'Gesehene Seiten', 'Letzter Besuch (UTC)']
    : ['Viewer', 'Opens', 'Time (seconds)', 'Watched (%)', 'Furthest (%)', 'Course parts done', 'Last place in the course', 'PDF pages seen', 'Pages seen', 'Last visit (UTC)'];
  const percentCell = (percent: number | null) => (percent === null ? '' : String(percent));
  const lines = [csvLine(header.map((cell) => csvText(cell, dialect)), dialect)];
  for (const viewer of report.viewerReports) {
    const name = viewer.name ?? `${de ? 'Besucher' : 'Visitor'} ${viewer.number}`;
    // "2 of 3", not "2/3", which a spreadsheet would take for a date.
    const { course } = viewer;
    const place = course?.current ? [course.current.title, course.current.location].filter(Boolean).join(' – ') : '';
    const { pdf } = viewer;
    const cells = [
      name,
      String(viewer.opens),
      String(viewer.seconds),
      percentCell(viewer.watchedPercent),
      percentCell(viewer.furthestPercent),
      course ? `${course.done} ${de ? 'von' : 'of'} ${course.total}` : '',
      place,
      pdf ? `${pdf.seen.length} ${de ? 'von' : 'of'} ${pdf.pageCount}` : '',
      pdf ? pageRangesText(pdf.seen) : '',
      formatUtcMinute(viewer.lastVisit),
    ];
    lines.push(csvLine(cells.map((cell) => csvText(cell, dialect)), dialect));
  }
  return UTF8_BOM + lines.join('');
}
