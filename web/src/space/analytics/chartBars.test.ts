import { describe, expect, it, vi } from 'vitest';
import { busiestDay, chartBars, utcDayText } from './chartBars';

const days = [
  { day: '2031-05-01', opens: 0 },
  { day: '2031-05-02', opens: 4 },
  { day: '2031-05-03', opens: 2 },
];

describe('chartBars', () => {
  it('scales the highest day to the full height', () => {
    const { bars, max } = chartBars(days, { width: 300, height: 100 });
    expect(max).toBe(4);
    expect(bars.map((bar) => bar.height)).toEqual([0, 100, 50]);
    expect(bars[1]!.y).toBe(0);
    expect(bars[2]!.x).toBeGreaterThan(bars[1]!.x);
  });

  it('draws nothing tall when nobody opened the link', () => {
    expect(chartBars([{ day: '2031-05-01', opens: 0 }], { width: 100, height: 50 }).bars[0]!.height).toBe(0);
  });
});

describe('busiestDay', () => {
  it('finds the day with the most opens', () => {
    expect(busiestDay(days)).toEqual({ day: '2031-05-02', opens: 4 });
    expect(busiestDay([{ day: '2031-05-01', opens: 0 }])).toBeNull();
  });
});

describe('utcDayText', () => {
  it('says the UTC day of the series, also in a browser west of Greenwich', () => {
    vi.stubEnv('TZ', 'America/New_York');
    try {
      expect(utcDayText('2031-05-02', 'en-GB')).toBe('2 May 2031');
      expect(utcDayText('2031-05-02', 'de')).toBe('02.05.2031');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
