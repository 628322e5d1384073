import type { ApiClient } from '../../shared/api';
import type {
  CourseEnrolmentsView,
  CourseEnrolmentView,
  EnrolGroupRequest,
  EnrolGroupResult,
  EnrolUsersRequest,
  EnrolUsersResult,
  GroupEnrolmentView,
  RemoveGroupEnrolmentResult,
  UpdateGroupEnrolmentRequest,
} from '../../../../src/learn/enrolments/enrolments.contract';

export type { CourseEnrolmentView, GroupEnrolmentView };

export const courseEnrolmentsKey = (courseId: string) => ['learn', 'course-enrolments', courseId] as const;

const course = (courseId: string) => `/api/learn/courses/${encodeURIComponent(courseId)}`;
const enrolment = (id: string) => `/api/learn/enrolments/${encodeURIComponent(id)}`;
const groupEnrolment = (id: string) => `/api/learn/group-enrolments/${encodeURIComponent(id)}`;

export function fetchCourseEnrolments(api: ApiClient, courseId: string, signal?: AbortSignal): Promise<CourseEnrolmentsView> {
  return api.get<CourseEnrolmentsView>(`${course(courseId)}/enrolments`, { signal });
}

export function enrolUsers(api: ApiClient, courseId: string, body: EnrolUsersRequest): Promise<EnrolUsersResult> {
  return api.post<EnrolUsersResult>(`${course(courseId)}/enrolments`, body);
}

export function enrolGroup(api: ApiClient, courseId: string, body: EnrolGroupRequest): Promise<EnrolGroupResult> {
  return api.post<EnrolGroupResult>(`${course(courseId)}/group-enrolments`, body);
}

export function changeDue(api: ApiClient, enrolmentId: string, dueAt: string | null): Promise<CourseEnrolmentView> {
  return api.patch<CourseEnrolmentView>(enrolment(enrolmentId), { dueAt });
}

export async function unenrol(api: ApiClient, enrolmentId: string): Promise<void> {
  await api.delete<undefined>(enrolment(enrolmentId));
}

/** Starts the learner over: implemented by the tracking feature. */
export async function resetAttempt(api: ApiClient, enrolmentId: string): Promise<void> {
  await api.post<unknown>(`${enrolment(enrolmentId)}/reset`);
}

export function changeGroupEnrolment(api: ApiClient, id: string, body: UpdateGroupEnrolmentRequest): Promise<GroupEnrolmentView> {
  return api.patch<GroupEnrolmentView>(groupEnrolment(id), body);
}

export function removeGroupEnrolment(api: ApiClient, id: string): Promise<RemoveGroupEnrolmentResult> {
  return api.delete<RemoveGroupEnrolmentResult>(groupEnrolment(id));
}
