/** `1:02:05` for seconds spent. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/** `85.5 %`, or a dash when no score was reported. */
export function formatScore(scorePercent: number | null): string {
  return scorePercent === null ? '–' : `${String(Math.round(scorePercent * 10) / 10)} %`;
}
