import type { ApiClient } from '../../shared/api';
import type { RemindView, ReminderSkip, TeamMemberView, TeamView } from '../../../../src/learn/team/team.contract';

export type { RemindView, ReminderSkip, TeamMemberView, TeamView };

export const TEAM_KEY = ['learn', 'team'] as const;

export function fetchTeam(api: ApiClient, query: string, signal?: AbortSignal): Promise<TeamView> {
  return api.get<TeamView>(`/api/learn/team?${query}`, { signal });
}

/** Mails the learners of these enrolments a reminder now. */
export function remindNow(api: ApiClient, enrolmentIds: string[]): Promise<RemindView> {
  return api.post<RemindView>('/api/learn/team/reminders', { enrolmentIds });
}
