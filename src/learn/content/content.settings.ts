import { z } from 'zod';
import type { LocalisedIssueParams } from '../../platform/http/localised-checks.contract.js';
import { defineSettingsSection } from '../../platform/tenancy/settings-sections.js';
import { CONTENT_ORIGIN_PHRASES, contentOriginProblem, hostOfContentOrigin, MAX_CONTENT_ORIGINS, normaliseContentOrigin } from './content-origins.js';

const TOO_MANY: LocalisedIssueParams = {
  code: 'LEARN_CONTENT_ORIGINS_TOO_MANY',
  message: { en: `may have at most ${MAX_CONTENT_ORIGINS} entries`, de: `darf höchstens ${MAX_CONTENT_ORIGINS} Einträge haben` },
};

/**
 * Other origins a site's course content may load scripts, styles, images, fonts and media from,
 * connect to and frame (a CDN the authoring tool links to). Each entry is an exact HTTPS origin;
 * each refused entry is named with its own code. Stored lower-case, each once.
 */
const allowedOrigins = z
  .array(z.string().max(2048))
  .max(1000)
  .superRefine((entries, context) => {
    if (entries.length > MAX_CONTENT_ORIGINS) {
      context.addIssue({ code: 'custom', message: TOO_MANY.message.en, params: TOO_MANY });
      return;
    }
    entries.forEach((entry, index) => {
      const code = contentOriginProblem(entry);
      if (code === undefined) return;
      const message = CONTENT_ORIGIN_PHRASES[code];
      context.addIssue({ code: 'custom', path: [index], message: message.en, params: { code, message } satisfies LocalisedIssueParams });
    });
  })
  .overwrite((entries) => [...new Set(entries.map(normaliseContentOrigin))]);

export const contentSettings = defineSettingsSection(
  'content',
  z.object({
    allowedOrigins: allowedOrigins.default([]),
  }),
  {
    /** The site's own host names and its content host are never "other" origins: content that reached them could act in the app. */
    refuse(section, site) {
      const entries = Array.isArray(section.allowedOrigins) ? section.allowedOrigins : [];
      return entries.flatMap((entry, index) =>
        typeof entry === 'string' && site.isOwnHost(hostOfContentOrigin(entry)) ? [{ code: 'LEARN_CONTENT_ORIGIN_OWN' as const, field: `allowedOrigins.${index}`, value: entry }] : [],
      );
    },
  },
);

/** The origins a site allows its course content to reach (normalised, at most MAX_CONTENT_ORIGINS). */
export function allowedContentOrigins(settings: { allowedOrigins: readonly string[] }): readonly string[] {
  return settings.allowedOrigins.slice(0, MAX_CONTENT_ORIGINS);
}
