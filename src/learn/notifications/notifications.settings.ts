import { z } from 'zod';
import { defineSettingsSection } from '../../platform/tenancy/settings-sections.js';

/** E-mails the site sends on its own: how many days before a due date a learner is reminded. */
export const notificationSettings = defineSettingsSection(
  'notifications',
  z.object({
    reminderDaysBeforeDue: z.number().int().min(1).max(60).default(3),
  }),
);
