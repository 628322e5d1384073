// SCORM's time formats, shared by the server (what a SCO reports, what a launch loads) and the
// player (the time it counts for a SCO that reports none): plain functions, nothing of Node.

/** SCORM 1.2 CMITimespan `HHHH:MM:SS.SS` in seconds; 0 for anything else. */
export function parseScorm12Time(text: string): number {
  const match = /^(\d{2,4}):(\d{2}):(\d{2})(\.\d{1,2})?$/.exec(text.trim());
  if (!match) return 0;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]) + Number(match[4] ?? 0);
}

/** SCORM 2004 timeinterval (ISO 8601 duration, e.g. `PT1H2M3.5S`) in seconds; 0 for anything else. */
export function parseIsoDuration(text: string): number {
  const match = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
    text.trim(),
  );
  if (!match || text.trim() === 'P' || text.trim().endsWith('T')) return 0;
  const [, years, months, days, hours, minutes, seconds] = match.map((part) => Number(part ?? 0));
  return years! * 31_536_000 + months! * 2_592_000 + days! * 86_400 + hours! * 3600 + minutes! * 60 + seconds!;
}

export function formatScorm12Time(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  return `${String(Math.min(h, 9999)).padStart(4, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

export function formatIsoDuration(seconds: number): string {
  return `PT${Math.max(0, Math.floor(seconds))}S`;
}
