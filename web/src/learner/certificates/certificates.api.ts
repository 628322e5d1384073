import type { ApiClient } from '../../shared/api';
import type {
  CertificateListView,
  CertificateSettingsInput,
  CertificateSettingsView,
  CertificateVerificationView,
  CertificateView,
  MyCertificatesView,
} from '../../../../src/learn/certificates/certificates.contract';

export type { CertificateSettingsView, CertificateVerificationView, CertificateView, MyCertificatesView };

export const MY_CERTIFICATES_KEY = ['learn', 'me', 'certificates'] as const;
export const courseCertificatesKey = (courseId: string) => ['admin', 'courses', courseId, 'certificates'] as const;
export const certificateSettingsKey = (courseId: string) => ['admin', 'courses', courseId, 'certificate-settings'] as const;

const course = (courseId: string) => `/api/learn/courses/${encodeURIComponent(courseId)}`;

export function fetchMyCertificates(api: ApiClient, signal?: AbortSignal): Promise<MyCertificatesView> {
  return api.get<MyCertificatesView>('/api/learn/me/certificates', { signal });
}

export function requestCertificate(api: ApiClient, enrolmentId: string): Promise<{ certificate: CertificateView; created: boolean }> {
  return api.post(`/api/learn/me/enrolments/${encodeURIComponent(enrolmentId)}/certificate`);
}

/** The PDF of one's own certificate (a plain link: the browser downloads it with the session cookie). */
export const certificatePdfUrl = (certificateId: string) => `/api/learn/me/certificates/${encodeURIComponent(certificateId)}/pdf`;

export function verifyCertificate(api: ApiClient, code: string, signal?: AbortSignal): Promise<CertificateVerificationView> {
  return api.get<CertificateVerificationView>(`/api/learn/certificates/verify/${encodeURIComponent(code)}`, { signal });
}

export function fetchCertificateSettings(api: ApiClient, courseId: string, signal?: AbortSignal): Promise<CertificateSettingsView> {
  return api.get<CertificateSettingsView>(`${course(courseId)}/certificate-settings`, { signal });
}

export function saveCertificateSettings(api: ApiClient, courseId: string, body: CertificateSettingsInput): Promise<CertificateSettingsView> {
  return api.put<CertificateSettingsView>(`${course(courseId)}/certificate-settings`, body);
}

export const certificatePreviewUrl = (courseId: string, language: string) => `${course(courseId)}/certificate-preview?lang=${encodeURIComponent(language)}`;

export function fetchCourseCertificates(api: ApiClient, courseId: string, signal?: AbortSignal): Promise<CertificateView[]> {
  return api.get<CertificateListView>(`${course(courseId)}/certificates`, { signal }).then((r) => r.certificates);
}

export function revokeCertificate(api: ApiClient, certificateId: string, reason: string): Promise<CertificateView> {
  return api.post<CertificateView>(`/api/learn/certificates/${encodeURIComponent(certificateId)}/revoke`, { reason });
}
