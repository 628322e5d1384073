import { z } from 'zod';
import { defineSettingsSection } from '../../platform/tenancy/settings-sections.js';

const GIB = 1024 * 1024 * 1024;

/**
 * What a site administrator sets for the site's Space: how many members may hold a seat (owners,
 * admins and authors; commentators are free) and how many bytes the library may hold (every
 * version counts, the trash too, until it is purged).
 */
export const spaceSettings = defineSettingsSection(
  'space',
  z.object({
    seatLimit: z.number().int().min(1).max(100_000).default(10),
    quotaBytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(10 * GIB),
  }),
);
