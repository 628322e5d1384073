import { z } from 'zod';
import type { Config } from '../../config.js';
import type { Db } from '../db/client.js';
import type { JobContext, JobHandlers } from '../jobs/job-registry.js';
import type { RecurringJob } from '../jobs/recurring-jobs.js';
import { findTenantById, listTenants, type Tenant } from '../tenancy/tenants.repository.js';
import { EMAIL_CHANGE_JOB, sendEmailChangeLink } from './account.service.js';
import { jobFlowContext } from './flow-context.js';
import { PASSWORD_RESET_JOB, sendPasswordResetLink } from './password-reset.service.js';
import { completeRegistration, REGISTRATION_JOB } from './self-registration.service.js';
import { registrationInput } from './self-registration.contract.js';
import { deleteExpiredSessions } from './sessions.repository.js';

const requester = { ip: z.string(), userAgent: z.string().nullable() };
const passwordResetPayload = z.object({ email: z.string(), ...requester });
const emailChangePayload = z.object({ userId: z.uuid(), newEmail: z.string(), ...requester });
const registrationPayload = registrationInput.extend(requester);

/** The job's tenant while it is active; a disabled or deleted site sends nothing. */
async function activeTenantOf(db: Db, job: JobContext): Promise<Tenant | undefined> {
  if (!job.tenantId) throw new Error(`${job.kind} job ${job.id} has no tenant`);
  const tenant = await findTenantById(db.owner, job.tenantId);
  return tenant?.status === 'active' ? tenant : undefined;
}

/**
 * The e-mail flows' work after the request was answered: looking up the account and mailing the
 * link happen here, so the request costs the same whether or not an account exists. Once done,
 * the stored job keeps no address.
 */
export function identityJobHandlers(db: Db, config: Config): JobHandlers {
  return {
    [PASSWORD_RESET_JOB]: async (payload, job) => {
      const { email, ...asker } = passwordResetPayload.parse(payload);
      const tenant = await activeTenantOf(db, job);
      if (tenant) await sendPasswordResetLink(db, jobFlowContext(tenant, config, asker), email);
      return { keepPayload: {} };
    },
    [EMAIL_CHANGE_JOB]: async (payload, job) => {
      const { userId, newEmail, ...asker } = emailChangePayload.parse(payload);
      const tenant = await activeTenantOf(db, job);
      if (tenant) await sendEmailChangeLink(db, jobFlowContext(tenant, config, asker), userId, newEmail);
      return { keepPayload: { userId } };
    },
    [REGISTRATION_JOB]: async (payload, job) => {
      const { ip, userAgent, ...input } = registrationPayload.parse(payload);
      const tenant = await activeTenantOf(db, job);
      if (tenant) await completeRegistration(db, jobFlowContext(tenant, config, { ip, userAgent }), input);
      return { keepPayload: {} };
    },
  };
}

export const IDENTITY_SWEEP_SESSIONS = 'identity.sweep_sessions';

/**
 * Sessions past their absolute lifetime are deleted every hour, so the table holds only sessions
 * that can still be used (with their addresses and user agents, which are personal data).
 */
export function identityRecurringJobs(db: Db): RecurringJob[] {
  return [
    {
      kind: IDENTITY_SWEEP_SESSIONS,
      everyMs: 60 * 60_000,
      run: async () => {
        for (const tenant of await listTenants(db.owner)) await db.withTenant(tenant.id, (tx) => deleteExpiredSessions(tx));
      },
    },
  ];
}
