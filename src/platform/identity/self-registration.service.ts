import { insertAuditEvent } from '../audit/audit.repository.js';
import { siteNameOf } from '../branding/branding.service.js';
import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { enqueueMail } from '../mail/mail.queue.js';
import { settingsOf } from '../tenancy/tenant-settings.js';
import type { Tenant } from '../tenancy/tenants.repository.js';
import { linkTo, mailLanguage, requesterOf, type FlowContext } from './flow-context.js';
import { registrationInput, type RegistrationRequest } from './self-registration.contract.js';
import { isUniqueViolation } from '../db/constraint-violations.js';
import { issueUserToken } from './user-tokens.service.js';
import { findUserByEmail, insertUser, setUserLanguage } from './users.repository.js';

/** The job that creates the account (or tells the address's owner), after the request has been answered. */
export const REGISTRATION_JOB = 'identity.self_registration';

/**
 * Whether people may create their own account here: the site allows it, and mail is sent (the
 * address is confirmed by a link in a mail; without one anybody could take anybody's address).
 */
export function registrationOpen(tenant: Tenant, mailConfigured: boolean): boolean {
  return settingsOf(tenant).registration.open && mailConfigured;
}

/** Whether the site takes this address: any, or only those of the domains it names (exactly, not their sub-domains). */
function domainAllowed(tenant: Tenant, email: string): boolean {
  const { allowedDomains } = settingsOf(tenant).registration;
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return allowedDomains.length === 0 || allowedDomains.includes(domain);
}

/**
 * Accepts a registration: refuses at once what the site's rules refuse (closed, a domain not
 * allowed), and otherwise only queues a job, the same work whether or not the address has an
 * account, so neither the answer nor its time tells. The job (completeRegistration) does the rest.
 */
export async function requestRegistration(db: Db, context: FlowContext, input: RegistrationRequest): Promise<void> {
  const parsed = registrationInput.parse(input);
  if (!registrationOpen(context.tenant, context.mailConfigured)) throw new AppError('REGISTRATION_CLOSED');
  if (!domainAllowed(context.tenant, parsed.email)) throw new AppError('REGISTRATION_DOMAIN_NOT_ALLOWED', [{ field: 'email', value: parsed.email }]);
  await db.withTenant(context.tenant.id, (tx) => enqueueJob(tx, { kind: REGISTRATION_JOB, payload: { ...parsed, ...requesterOf(context) } }));
}

/**
 * The registration's work: a new address gets a learner's account without a password and a link
 * (valid 7 days) to choose one, which confirms the address; an account that never chose its
 * password gets a new link; an address with an active account is told someone tried (and nothing
 * changes); a deactivated account hears nothing. The site's rules are asked again: they may have
 * changed since the request.
 */
export async function completeRegistration(db: Db, context: FlowContext, input: RegistrationRequest): Promise<void> {
  const parsed = registrationInput.parse(input);
  const { tenant } = context;
  if (!registrationOpen(tenant, context.mailConfigured) || !domainAllowed(tenant, parsed.email)) return;
  const language = parsed.language ?? mailLanguage(context);
  const requester = { actorIp: context.ip, userAgent: context.userAgent, requestId: context.requestId, targetType: 'user' as const };
  try {
    await db.withTenant(tenant.id, async (tx) => {
      const existing = await findUserByEmail(tx, parsed.email);
      if (existing && existing.status !== 'active') return;
      if (existing?.passwordHash) {
        await enqueueMail(tx, { to: existing.email, userId: existing.id, template: 'email_address_in_use', language, data: { tenantName: siteNameOf(tenant), firstName: existing.firstName, link: linkTo(context, '/sign-in') } });
        await insertAuditEvent(tx, { ...requester, action: 'user.registration_for_existing', targetId: existing.id });
        return;
      }
      const user = existing ?? (await insertUser(tx, { email: parsed.email, firstName: parsed.firstName, lastName: parsed.lastName, roles: ['learner'], passwordHash: null }));
      if (!existing) await setUserLanguage(tx, user.id, language);
      const token = await issueUserToken(tx, user.id, 'invitation');
      await enqueueMail(tx, { to: user.email, userId: user.id, template: 'registration', language, data: { tenantName: siteNameOf(tenant), firstName: user.firstName, link: linkTo(context, '/accept-invitation', token) } });
      await insertAuditEvent(tx, { ...requester, action: 'user.self_registered', targetId: user.id, details: { email: user.email, again: existing !== undefined } });
    });
  } catch (error) {
    // The same address registered twice at the same moment: the first one's link is on its way.
    if (!isUniqueViolation(error)) throw error;
  }
}
