import type { Db } from '../../platform/db/index.js';
import type { User } from '../../platform/identity/index.js';
import { completionsPerWeek, countCompletionsSince, countLearners, countPublishedCourses, courseCompletions } from './overview.repository.js';
import { reportScopeOf, teamOf } from './report-scope.js';
import { OVERVIEW_COURSES, OVERVIEW_WEEKS, type CourseCompletion, type OverviewView } from './reports.contract.js';
import { summarizeReport } from './reports.repository.js';

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
  const managerId = teamOf(scope);
  const first = weekStart(now, OVERVIEW_WEEKS - 1);
  return db.withTenant(tenantId, async (tx) => {
    const learners = await countLearners(tx, now, managerId);
    const publishedCourses = await countPublishedCourses(tx);
    const enrolments = await summarizeReport(tx, { managerId, now });
    const completionsLast30Days = await countCompletionsSince(tx, new Date(now.getTime() - 30 * DAY_MS), managerId);
    const perWeek = await completionsPerWeek(tx, first, managerId);
    const { top, bottom } = rankCourses(await courseCompletions(tx, managerId));
    const completionsByWeek = Array.from({ length: OVERVIEW_WEEKS }, (_, i) => {
      const weekStartDay = new Date(first.getTime() + i * 7 * DAY_MS).toISOString().slice(0, 10);
      return { weekStart: weekStartDay, completions: perWeek.get(weekStartDay) ?? 0 };
    });
    return { scope: scope.kind, learners, publishedCourses, enrolments, completionsLast30Days, completionsByWeek, topCourses: top, bottomCourses: bottom };
  });
}
