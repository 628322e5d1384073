import type { AreaPrivacy } from './area-privacy.js';

/** The areas as privacy sees them: each module's name and its contribution (platform/modules hands them over). */
export interface PrivacyArea {
  name: string;
  privacy?: AreaPrivacy | undefined;
}
