/**
 * The references under which Learn issues the course credentials of a share link's visitors
 * (`area` credentials): one per view of the page, all of a link ended together by its prefix.
 */

/** The area of the references (what Learn calls back with). */
export const SHARE_LINK_AREA = 'space-link';
/** The longest a visitor's course credential lives; the page opens a new one when they come back. */
export const SHARED_COURSE_GRANT_MS = 4 * 3_600_000;

const REF_PATTERN = /^space-link:([0-9a-f-]{36}):view:([0-9a-f-]{36})$/;

/** The reference of a view's credentials: ended together with every other of the link by `linkRefPrefix`. */
export function viewRef(linkId: string, viewId: string): string {
  return `${SHARE_LINK_AREA}:${linkId}:view:${viewId}`;
}

export function linkRefPrefix(linkId: string): string {
  return `${SHARE_LINK_AREA}:${linkId}:`;
}

export function parseViewRef(areaRef: string): { linkId: string; viewId: string } | undefined {
  const match = REF_PATTERN.exec(areaRef);
  return match ? { linkId: match[1]!, viewId: match[2]! } : undefined;
}

