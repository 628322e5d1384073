// The bar chart's geometry, free of React so it can be unit-tested in Node.

export interface Bar {
  day: string;
  value: number;
  x: number;
  y: number;
  height: number;
}

/** One bar per day, scaled so the highest fills `height` (all flat when nothing happened). */
export function chartBars(days: readonly { day: string; opens: number }[], size: { width: number; height: number }): { bars: Bar[]; barWidth: number; max: number } {
  const max = Math.max(0, ...days.map((day) => day.opens));
  const step = days.length > 0 ? size.width / days.length : size.width;
  const barWidth = Math.max(1, step * 0.7);
  const bars = days.map((day, index) => {
    const height = max === 0 ? 0 : (day.opens / max) * size.height;
    return { day: day.day, value: day.opens, x: index * step + (step - barWidth) / 2, y: size.height - height, height };
  });
  return { bars, barWidth, max };
}

/** The day with the most opens (the latest of equals), for the chart's description; null: none. */
export function busiestDay(days: readonly { day: string; opens: number }[]): { day: string; opens: number } | null {
  let best: { day: string; opens: number } | null = null;
  for (const day of days) if (day.opens > 0 && (!best || day.opens >= best.opens)) best = day;
  return best;
}

/** A day of the series ("2031-05-02", a UTC day) as "2 May 2031" / "02.05.2031", the same day wherever the browser is. */
export function utcDayText(day: string, language: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}
