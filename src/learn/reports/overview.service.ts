import type { Db } from '../../platform/db/index.js';
import type { User } from '../../platform/identity/index.js';
import { countLearners, countPublishedCourses, courseFigures } from './overview.repository.js';
import { reportScopeOf, resolveTeam } from './report-scope.js';
import { ACTIVE_DAYS, OVERVIEW_COURSES, OVERVIEW_WEEKS, REPORT_STATUSES, type CourseCompletion, type OverviewView, type StatusSummary } from './reports.contract.js';

const DAY_MS = 86_400_000;

/** Monday 00:00 UTC of the week `weeksBack` weeks before the one holding `now`. */
export function weekStart(now: Date, weeksBack: number): Date {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - (sinceMonday + 7 * weeksBack) * DAY_MS);
}

/** Best completion rate first; among equals the course with more enrolments, then by title. */
export function rankCourses(courses: { id: string; title: string; enrolled: number; done: number }[]): { top: CourseCompletion[]; bottom: CourseCompletion[] } {
  const rated = courses.map((c) => ({ ...c, completionPercent: Math.round((c.done / c.enrolled) * 100), rate: c.done / c.enrolled }));
  rated.sort((a, b) => b.rate - a.rate || b.enrolled - a.enrolled || a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
  const strip = ({ rate: _rate, ...course }: (typeof rated)[number]): CourseCompletion => course;
  const top = rated.slice(0, OVERVIEW_COURSES);
  const bottom = rated.slice(Math.max(top.length, rated.length - OVERVIEW_COURSES)).reverse();
  return { top: top.map(strip), bottom: bottom.map(strip) };
}

/** The dashboard figures for what the actor may see: the site, or the team of the groups a manager leads. */
export async function dashboardOverview(db: Db, tenantId: string, actor: User, now = new Date()): Promise<OverviewView> {
  const scope = reportScopeOf(actor);
  const weeks = Array.from({ length: OVERVIEW_WEEKS }, (_, i) => weekStart(now, OVERVIEW_WEEKS - 1 - i));
  return db.withTenant(tenantId, async (tx) => {
    const team = await resolveTeam(tx, scope);
    const learners = await countLearners(tx, new Date(now.getTime() - ACTIVE_DAYS * DAY_MS), team);
    const publishedCourses = await countPublishedCourses(tx);
    const courses = await courseFigures(tx, { now, recentSince: new Date(now.getTime() - 30 * DAY_MS), weeks, team });

    const enrolments: StatusSummary = { total: 0, not_started: 0, in_progress: 0, completed: 0, passed: 0, failed: 0, overdue: 0 };
    const perWeek = weeks.map(() => 0);
    let completionsLast30Days = 0;
    for (const course of courses) {
      for (const status of REPORT_STATUSES) {
        enrolments[status] += course.statuses[status];
        enrolments.total += course.statuses[status];
      }
      enrolments.overdue += course.overdue;
      completionsLast30Days += course.recent;
      course.perWeek.forEach((n, i) => (perWeek[i] = perWeek[i]! + n));
    }
    const ranked = rankCourses(
      courses
        .filter((c) => c.published)
        .map((c) => ({ id: c.id, title: c.title, enrolled: REPORT_STATUSES.reduce((n, s) => n + c.statuses[s], 0), done: c.statuses.completed + c.statuses.passed })),
    );
    return {
      scope: scope.kind,
      learners,
      publishedCourses,
      enrolments,
      completionsLast30Days,
      completionsByWeek: weeks.map((start, i) => ({ weekStart: start.toISOString().slice(0, 10), completions: perWeek[i]! })),
      topCourses: ranked.top,
      bottomCourses: ranked.bottom,
    };
  });
}
