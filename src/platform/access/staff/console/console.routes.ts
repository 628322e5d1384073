import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../../../config.js';
import type { Db } from '../../../db/client.js';
import { AppError, errorMessage, localiseFields } from '../../../http/errors.js';
import { registerFormBody } from '../../../http/form-body.js';
import { pickLanguage, type Language } from '../../../http/language.js';
import type { TrafficBudgets } from '../../../guard/traffic-budgets.js';
import { findTenantById } from '../../../tenancy/tenants.repository.js';
import { publicRoute } from '../../route-access.js';
import { listGrantsOfStaff } from '../staff-grants.repository.js';
import { requestGrant, revokeOwnGrant } from '../staff-grants.service.js';
import { createHandoverToken } from '../staff-tenant-sessions.js';
import { consoleSessionOf, enrolmentFor, signInStaff, signOutStaff, verifyStaffCode, type ConsoleSession } from './console-auth.js';
import { CONSOLE_STYLE, dashboardPage, handoverPage, mfaPage, signInPage } from './console-pages.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A route of the operator console: answered only on LECTERN_OPERATOR_HOST. */
    operatorConsole?: boolean;
  }
}

/** Whether a request came to the operator console's own host (the port counts when the setting names one). */
export function isOperatorHost(request: FastifyRequest, operatorHost: string | undefined): boolean {
  if (!operatorHost) return false;
  return (operatorHost.includes(':') ? request.host : request.hostname).toLowerCase() === operatorHost;
}

const form = z.record(z.string(), z.string());
const languageOf = (request: FastifyRequest): Language => pickLanguage(request.headers['accept-language']);

function messageOf(error: unknown, language: Language): string {
  if (!(error instanceof AppError)) throw error;
  const fields = error.fields ? localiseFields(error.code, error.fields, language).map((f) => f.message) : [];
  return [errorMessage(error.code, language), ...fields].join(' ');
}

function html(reply: FastifyReply, page: string, status = 200) {
  return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
}

/**
 * The operator console, on a host of its own (LECTERN_OPERATOR_HOST): staff sign in with password
 * and a mandatory second factor, request just-in-time grants, open a granted site, revoke grants.
 * Server-rendered forms: no script, nothing from other origins.
 */
export function consoleRoutes(deps: { db: Db; config: Pick<Config, 'operatorHost'>; budgets: TrafficBudgets; siteUrlOf: (tenantId: string) => Promise<{ name: string; url: string } | undefined> }): FastifyPluginAsyncZod {
  const { db } = deps;
  return async (app) => {
    registerFormBody(app);
    app.addHook('onRequest', async (request) => {
      if (!isOperatorHost(request, deps.config.operatorHost)) throw new AppError('HTTP_NOT_FOUND');
    });
    const route = (why: string) => ({ onRequest: publicRoute(why), config: { tenant: false as const, operatorConsole: true }, schema: { hide: true } });
    const guessing = (request: FastifyRequest, what: string, subject: string) => deps.budgets.charge(request, { scope: 'code', subject: `operator-${what}:${subject}`, limit: 10 });

    /** The signed-in staff member with the second factor given, or a redirect to the step that is missing. */
    async function verified(request: FastifyRequest, reply: FastifyReply): Promise<ConsoleSession | undefined> {
      const session = await consoleSessionOf(db, request);
      if (!session) {
        void reply.redirect('/operator/sign-in', 303);
        return undefined;
      }
      if (!session.mfaVerified) {
        void reply.redirect('/operator/mfa', 303);
        return undefined;
      }
      return session;
    }

    async function dashboard(request: FastifyRequest, reply: FastifyReply, session: ConsoleSession, error?: string, status = 200) {
      return html(reply, dashboardPage(languageOf(request), session.staff.name, await listGrantsOfStaff(db.owner, session.staff.id), error), status);
    }

    app.get('/operator/console.css', route('the styles of the operator console; nothing in them is private'), async (_request, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CONSOLE_STYLE),
    );

    app.get('/operator', route('the operator console checks its own staff session'), async (request, reply) => {
      const session = await verified(request, reply);
      return session ? dashboard(request, reply, session) : reply;
    });

    app.get('/operator/sign-in', route('the staff sign-in form'), async (request, reply) => html(reply, signInPage(languageOf(request))));

    app.post('/operator/sign-in', { ...route('staff sign in with e-mail and password'), schema: { hide: true, body: form } }, async (request, reply) => {
      const body = request.body as Record<string, string>;
      try {
        await guessing(request, 'sign-in', request.ip);
        await guessing(request, 'sign-in', (body.email ?? '').toLowerCase().slice(0, 254));
        await signInStaff(db, request, reply, body.email ?? '', body.password ?? '');
      } catch (error) {
        request.log.warn({ staffEmail: (body.email ?? '').slice(0, 254) }, 'operator console: sign-in refused');
        return html(reply, signInPage(languageOf(request), messageOf(error, languageOf(request))), error instanceof AppError ? error.status : 500);
      }
      return reply.redirect('/operator/mfa', 303);
    });

    app.get('/operator/mfa', route('the second-factor step of a staff sign-in'), async (request, reply) => {
      const session = await consoleSessionOf(db, request);
      if (!session) return reply.redirect('/operator/sign-in', 303);
      if (session.mfaVerified) return reply.redirect('/operator', 303);
      return html(reply, mfaPage(languageOf(request), await enrolmentFor(db, session.staff)));
    });

    app.post('/operator/mfa', { ...route('the second-factor code of a staff sign-in'), schema: { hide: true, body: form } }, async (request, reply) => {
      const session = await consoleSessionOf(db, request);
      if (!session) return reply.redirect('/operator/sign-in', 303);
      try {
        await guessing(request, 'mfa', session.staff.id);
        await verifyStaffCode(db, session, (request.body as Record<string, string>).code ?? '');
      } catch (error) {
        request.log.warn({ staffId: session.staff.id }, 'operator console: second factor refused');
        return html(reply, mfaPage(languageOf(request), await enrolmentFor(db, session.staff), messageOf(error, languageOf(request))), error instanceof AppError ? error.status : 500);
      }
      request.log.info({ staffId: session.staff.id }, 'operator console: staff signed in');
      return reply.redirect('/operator', 303);
    });

    app.post('/operator/grants', { ...route('a staff member requests a grant'), schema: { hide: true, body: form } }, async (request, reply) => {
      const session = await verified(request, reply);
      if (!session) return reply;
      const body = request.body as Record<string, string>;
      try {
        await requestGrant(
          db,
          session.staff,
          { tenantSlug: body.tenant ?? '', scope: body.scope as 'support_read' | 'admin', reason: body.reason ?? '', ticket: body.ticket ?? '', hours: Number(body.hours ?? '4') },
          { ip: request.ip, requestId: request.id },
        );
      } catch (error) {
        return dashboard(request, reply, session, messageOf(error, languageOf(request)), error instanceof AppError ? error.status : 500);
      }
      return reply.redirect('/operator', 303);
    });

    const grantParams = z.object({ id: z.uuid() });

    app.post('/operator/grants/:id/revoke', { ...route('a staff member ends their grant'), schema: { hide: true, params: grantParams, body: form.optional() } }, async (request, reply) => {
      const session = await verified(request, reply);
      if (!session) return reply;
      try {
        await revokeOwnGrant(db, session.staff, (request.params as { id: string }).id, { ip: request.ip });
      } catch (error) {
        return dashboard(request, reply, session, messageOf(error, languageOf(request)), error instanceof AppError ? error.status : 500);
      }
      return reply.redirect('/operator', 303);
    });

    app.post('/operator/grants/:id/open', { ...route('a staff member opens a granted site'), schema: { hide: true, params: grantParams, body: form.optional() } }, async (request, reply) => {
      const session = await verified(request, reply);
      if (!session) return reply;
      try {
        const { token, tenantId } = await createHandoverToken(db, session.staff, (request.params as { id: string }).id);
        const site = await deps.siteUrlOf(tenantId);
        if (!site) throw new AppError('STAFF_GRANT_NOT_ACTIVE');
        // This one page posts to the site's origin.
        reply.header('content-security-policy', `default-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action ${new URL(site.url).origin}; object-src 'none'`);
        return html(reply, handoverPage(languageOf(request), site, token));
      } catch (error) {
        return dashboard(request, reply, session, messageOf(error, languageOf(request)), error instanceof AppError ? error.status : 500);
      }
    });

    app.post('/operator/sign-out', { ...route('a staff member signs out of the console'), schema: { hide: true, body: form.optional() } }, async (request, reply) => {
      await signOutStaff(db, request, reply);
      return reply.redirect('/operator/sign-in', 303);
    });
  };
}

/** The site's name and address for a handover (the address from configuration, never from a request's Host). */
export function siteOfTenant(db: Db, siteUrlOf: (tenant: NonNullable<Awaited<ReturnType<typeof findTenantById>>>) => string) {
  return async (tenantId: string) => {
    const tenant = await findTenantById(db.owner, tenantId);
    return tenant ? { name: tenant.name, url: siteUrlOf(tenant) } : undefined;
  };
}
