import { z } from 'zod';
import { describedPattern } from '../http/localised-checks.contract.js';
import { displayName } from '../names/display-name.contract.js';

export const tenantSlug = z
  .string()
  .regex(
    ...describedPattern(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, {
      en: 'may hold lower-case letters, digits and hyphens (not first or last), at most 40',
      de: 'darf Kleinbuchstaben, Ziffern und Bindestriche (nicht am Anfang oder Ende) enthalten, höchstens 40',
    }),
  );

/** A DNS host name as it arrives in a Host header, lower-cased, without port. */
export const hostname = z
  .string()
  .max(253)
  .transform((h) => h.toLowerCase())
  .pipe(
    z.string().regex(
      ...describedPattern(/^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/, {
        en: 'must be a host name such as learn.example.com',
        de: 'muss ein Hostname sein, etwa learn.example.com',
      }),
    ),
  );

export const createTenantInput = z.object({
  slug: tenantSlug,
  name: displayName(200),
  // In the order given (the first is the primary host), each once (a second row would break the primary key).
  hostnames: z.array(hostname).max(50).overwrite((names) => [...new Set(names)]).default([]),
});
export type CreateTenantInput = z.input<typeof createTenantInput>;

/** What the public pages know of the site: its name, and whether people may create their own account. */
export const publicTenant = z.object({ name: z.string(), slug: z.string(), selfRegistration: z.boolean() });
export type PublicTenant = z.infer<typeof publicTenant>;
