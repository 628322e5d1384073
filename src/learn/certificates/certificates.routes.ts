import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allow, publicRoute, requestContextOf, runUseCase } from '../../platform/access/index.js';
import { requestLanguage } from '../../platform/http/index.js';
import { tenantOf } from '../../platform/tenancy/index.js';
import { coursesPolicy } from '../courses/courses.policy.js';
import { enrolmentsPolicy } from '../enrolments/enrolments.policy.js';
import type { LearnDeps } from '../learn-deps.js';
import {
  certificateListView,
  certificateSettingsInput,
  certificateSettingsView,
  certificateVerificationView,
  certificateView,
  issueCertificateResult,
  myCertificatesView,
  pdfLanguageQuery,
  revokeCertificateInput,
} from './certificates.contract.js';
import { certificatesPolicy } from './certificates.policy.js';
import {
  certificateSettingsOf,
  changeCertificateSettings,
  courseCertificates,
  pathCertificates,
  myCertificatePdf,
  myCertificates,
  previewCertificatePdf,
  requestMyCertificate,
  revokeCertificate,
  verifyCertificate,
} from './certificates.service.js';

function sendPdf(reply: FastifyReply, pdf: Buffer, fileName: string) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .header('cache-control', 'no-store')
    .send(pdf);
}

/**
 * Certificates: the template of a course (with those who edit the course), the learner's own
 * certificates and their PDFs, the certificates of a course with revocation (administrators), and
 * the public verification by code.
 */
export function certificatesRoutes({ db }: LearnDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['certificates'];
    const courseEditors = allow(db, coursesPolicy, 'manage');
    const viewers = allow(db, certificatesPolicy, 'view');
    const revokers = allow(db, certificatesPolicy, 'revoke');
    const learners = allow(db, enrolmentsPolicy, 'study');
    const courseParams = z.object({ courseId: z.uuid() });
    const certificateParams = z.object({ certificateId: z.uuid() });
    const siteUrl = (request: Parameters<typeof tenantOf>[0]) => app.siteUrlOf(tenantOf(request));

    app.get(
      '/api/learn/courses/:courseId/certificate-settings',
      { onRequest: courseEditors, schema: { tags, summary: "The course's certificate template (off until switched on)", params: courseParams, response: { 200: certificateSettingsView } } },
      async (request) => runUseCase(db, requestContextOf(request), (useCase) => certificateSettingsOf(useCase, request.params.courseId)),
    );

    app.put(
      '/api/learn/courses/:courseId/certificate-settings',
      {
        onRequest: courseEditors,
        schema: {
          tags,
          summary: "Switch the course's certificate on or off and set its heading and text (learners who complete the course from then on get one)",
          params: courseParams,
          body: certificateSettingsInput,
          response: { 200: certificateSettingsView },
        },
      },
      async (request) => runUseCase(db, requestContextOf(request), (useCase) => changeCertificateSettings(useCase, request.params.courseId, request.body)),
    );

    app.get(
      '/api/learn/courses/:courseId/certificate-preview',
      {
        onRequest: courseEditors,
        schema: {
          tags,
          summary: 'A preview PDF of the saved template, with your name (marked as a preview; its code verifies nothing)',
          description: 'A download (Content-Disposition: attachment), in the language of `lang` or Accept-Language.',
          params: courseParams,
          querystring: pdfLanguageQuery,
        },
      },
      async (request, reply) => {
        const language = request.query.lang ?? requestLanguage(request);
        const pdf = await runUseCase(db, requestContextOf(request), (useCase) => previewCertificatePdf(useCase, request.params.courseId, language, siteUrl(request)));
        return sendPdf(reply, pdf, 'certificate-preview.pdf');
      },
    );

    app.get(
      '/api/learn/courses/:courseId/certificates',
      { onRequest: viewers, schema: { tags, summary: 'The certificates issued for a course, newest first, revoked ones included', params: courseParams, response: { 200: certificateListView } } },
      async (request) => ({
        certificates: await runUseCase(db, requestContextOf(request), (useCase) => courseCertificates(useCase, request.params.courseId, siteUrl(request))),
      }),
    );

    app.get(
      '/api/learn/paths/:pathId/certificates',
      {
        onRequest: viewers,
        schema: { tags, summary: 'The certificates issued for a learning path, newest first, revoked ones included', params: z.object({ pathId: z.uuid() }), response: { 200: certificateListView } },
      },
      async (request) => ({
        certificates: await runUseCase(db, requestContextOf(request), (useCase) => pathCertificates(useCase, request.params.pathId, siteUrl(request))),
      }),
    );

    app.post(
      '/api/learn/certificates/:certificateId/revoke',
      {
        onRequest: revokers,
        schema: {
          tags,
          summary: 'Revoke a certificate with a reason: its verification then says not valid and its learner can no longer download it',
          params: certificateParams,
          body: revokeCertificateInput,
          response: { 200: certificateView },
        },
      },
      async (request) => runUseCase(db, requestContextOf(request), (useCase) => revokeCertificate(useCase, request.params.certificateId, request.body.reason, siteUrl(request))),
    );

    app.get(
      '/api/learn/me/certificates',
      {
        onRequest: learners,
        schema: {
          tags,
          summary: "The signed-in learner's certificates, newest first, and the completed courses whose certificate they may still ask for",
          response: { 200: myCertificatesView },
        },
      },
      async (request) => runUseCase(db, requestContextOf(request), (useCase) => myCertificates(useCase, siteUrl(request))),
    );

    app.post(
      '/api/learn/me/enrolments/:enrolmentId/certificate',
      {
        onRequest: learners,
        schema: {
          tags,
          summary: 'Get the certificate of your completed enrolment (issued now if the course awards one and it was not issued yet)',
          params: z.object({ enrolmentId: z.uuid() }),
          response: { 200: issueCertificateResult, 201: issueCertificateResult },
        },
      },
      async (request, reply) => {
        const result = await runUseCase(db, requestContextOf(request), (useCase) => requestMyCertificate(useCase, request.params.enrolmentId, siteUrl(request)));
        return reply.status(result.created ? 201 : 200).send(result);
      },
    );

    app.get(
      '/api/learn/me/certificates/:certificateId/pdf',
      {
        onRequest: learners,
        schema: { tags, summary: 'Download your certificate as a PDF (in the language it was issued in)', description: 'A download (Content-Disposition: attachment).', params: certificateParams },
      },
      async (request, reply) => {
        const { pdf, fileName } = await runUseCase(db, requestContextOf(request), (useCase) => myCertificatePdf(useCase, request.params.certificateId, siteUrl(request)));
        return sendPdf(reply, pdf, fileName);
      },
    );

    app.get(
      '/api/learn/certificates/verify/:code',
      {
        onRequest: publicRoute('anybody holding a certificate checks it; answers the same for unknown and revoked codes'),
        // Codes must not be tried in bulk: each address has a small budget of lookups.
        config: { checksGuessableCode: true },
        schema: {
          tags,
          summary: 'Verify a certificate by its code: who completed which course when, on this site; the same "not valid" answer for an unknown or revoked code',
          params: z.object({ code: z.string().max(64) }),
          response: { 200: certificateVerificationView },
        },
      },
      async (request) => verifyCertificate(db, tenantOf(request), request.params.code),
    );
  };
}
