import { z } from 'zod';

export const permissionsResponse = z.object({
  /** `<feature>.<action>`, e.g. `learn.courses.manage`. */
  permissions: z.array(z.string()),
  /**
   * What the user may also do once they set up the two-factor sign-in the site requires of some
   * of their roles: until then those roles are withheld (their routes answer
   * AUTH_MFA_ENROLMENT_REQUIRED), but the navigation still shows where they lead.
   */
  afterMfaSetUp: z.array(z.string()),
});
export type PermissionsResponse = z.infer<typeof permissionsResponse>;
