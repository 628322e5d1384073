import type { ExternalOrigins } from './external-origins.js';
import type { ReportBuilder } from './validation-report.js';

/** How many origins one warning lists; the rest are counted (LEARN_PACKAGE_ORIGINS_MORE). */
export const ORIGINS_LISTED = 10;

const WHERE = 'package files';

/**
 * The warnings of an import about what the course reaches beyond its own files: the origins the
 * site does not allow (they will be blocked), those it allows, http: ones (never allowed), Flash,
 * and whether the scan stopped short. Each lists the origins as its detail.
 */
export function reportExternalOrigins(found: ExternalOrigins, allowed: readonly string[], report: ReportBuilder): void {
  const allowedSet = new Set(allowed);
  const groups = [
    ['LEARN_PACKAGE_ORIGIN_BLOCKED', found.https.filter((origin) => !allowedSet.has(origin))],
    ['LEARN_PACKAGE_ORIGIN_INSECURE', found.http],
    ['LEARN_PACKAGE_ORIGIN_ALLOWED', found.https.filter((origin) => allowedSet.has(origin))],
  ] as const;
  let listed = 0;
  let unlisted = 0;
  for (const [code, origins] of groups) {
    const shown = origins.slice(0, Math.max(0, ORIGINS_LISTED - listed));
    listed += shown.length;
    unlisted += origins.length - shown.length;
    if (shown.length > 0) report.warning(code, WHERE, shown.join(', '));
  }
  if (unlisted > 0) report.warning('LEARN_PACKAGE_ORIGINS_MORE', WHERE, String(unlisted));
  if (found.flash) report.warning('LEARN_PACKAGE_NEEDS_FLASH', WHERE);
  if (found.incomplete) report.warning('LEARN_PACKAGE_ORIGIN_SCAN_INCOMPLETE', WHERE);
}
