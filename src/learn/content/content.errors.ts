import type { CatalogueEntry } from '../../platform/http/index.js';

/** Refusals of the allow-list of other origins a site's course content may reach (Settings → Course content). */
export const contentOriginErrors = {
  LEARN_CONTENT_ORIGIN_NOT_HTTPS: {
    status: 400,
    en: 'An allowed content origin must begin with https://; content reached over http: is never allowed.',
    de: 'Ein erlaubter Inhaltsursprung muss mit https:// beginnen; Inhalte über http: werden nie erlaubt.',
  },
  LEARN_CONTENT_ORIGIN_HAS_PATH: {
    status: 400,
    en: 'An allowed content origin is a scheme and host only (https://cdn.example.com), without a path, query or fragment.',
    de: 'Ein erlaubter Inhaltsursprung besteht nur aus Schema und Host (https://cdn.example.com), ohne Pfad, Abfrage oder Fragment.',
  },
  LEARN_CONTENT_ORIGIN_WILDCARD: {
    status: 400,
    en: 'An allowed content origin names one host exactly; * is not allowed.',
    de: 'Ein erlaubter Inhaltsursprung nennt genau einen Host; * ist nicht erlaubt.',
  },
  LEARN_CONTENT_ORIGIN_INVALID: {
    status: 400,
    en: 'An allowed content origin is not a valid web address (or has spaces, a user name or a password in it).',
    de: 'Ein erlaubter Inhaltsursprung ist keine gültige Webadresse (oder enthält Leerzeichen, einen Benutzernamen oder ein Passwort).',
  },
  LEARN_CONTENT_ORIGIN_OWN: {
    status: 400,
    en: 'This is the address of this site or of its course content; course content may never be allowed to reach them.',
    de: 'Das ist die Adresse dieser Site oder ihrer Kursinhalte; Kursinhalte dürfen sie nie erreichen.',
  },
  LEARN_CONTENT_ORIGINS_TOO_MANY: {
    status: 400,
    en: 'A site may allow at most 20 content origins.',
    de: 'Eine Site darf höchstens 20 Inhaltsursprünge erlauben.',
  },
} as const satisfies Record<string, CatalogueEntry>;
