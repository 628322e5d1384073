/**
 * Where the launch frame opens a cmi5 AU: the AU launch on the content origin under the frame's
 * own credential (the frame takes addresses of this form as they are; every other is a package file).
 */
export function cmi5LaunchPath(token: string, auIndex: number): string {
  return `/launch/${encodeURIComponent(token)}/cmi5/au/${auIndex}`;
}
