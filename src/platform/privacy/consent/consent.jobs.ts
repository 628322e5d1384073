import { z } from 'zod';
import type { Config } from '../../../config.js';
import type { Db } from '../../db/client.js';
import type { JobHandlers } from '../../jobs/job-registry.js';
import { siteUrlOf } from '../../tenancy/site-url.js';
import { findTenantById } from '../../tenancy/tenants.repository.js';
import { deliverUpdateMailing, UPDATE_MAILING_JOB } from './update-mail-delivery.js';
import { UnsubscribeLinks } from './unsubscribe-link.js';

const mailingPayload = z.object({ mailingId: z.uuid() });

/** The delivery of update mailings; a site disabled meanwhile sends nothing. */
export function consentJobHandlers(db: Db, config: Config): JobHandlers {
  const links = UnsubscribeLinks.ofKeyFile(config.secretKeyFile);
  return {
    [UPDATE_MAILING_JOB]: async (payload, job) => {
      const { mailingId } = mailingPayload.parse(payload);
      if (!job.tenantId) throw new Error(`${job.kind} job ${job.id} has no tenant`);
      const tenant = await findTenantById(db.owner, job.tenantId);
      if (tenant?.status === 'active') await deliverUpdateMailing(db, tenant, mailingId, { siteUrl: siteUrlOf(tenant, config), links });
    },
  };
}
