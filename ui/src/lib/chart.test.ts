import { describe, expect, it } from 'vitest';
import type { DayCounts, Status } from './bindings';
import { bands } from './chart';

const counts = (c: Partial<Record<Status, number>>) => ({
  not_started: 0, drafting: 0, submitted: 0, approved: 0, not_required: 0, answered_elsewhere: 0, ...c,
});

describe('answers over time', () => {
  const days: DayCounts[] = [
    { day: '2026-02-01', counts: counts({ not_started: 4 }) },
    { day: '2026-02-11', counts: counts({ not_started: 2, submitted: 1, approved: 1 }) },
  ];

  it('spans from the first change to the meeting', () => {
    const c = bands(days, '2026-03-03', 300, 100);
    expect(c.x('2026-02-01')).toBe(0);
    expect(c.x('2026-02-11')).toBe(100);
    expect(c.x('2026-03-03')).toBe(300);
    expect(c.total).toBe(4);
  });

  it('draws a band only for the statuses that occur, approved at the bottom', () => {
    const c = bands(days, '2026-03-03', 300, 100);
    expect(c.bands.map((b) => b.status)).toEqual(['approved', 'submitted', 'not_started']);
    // Approved: nothing until day 10, then a quarter of the height.
    expect(c.bands[0]!.path.startsWith('M0.0,100.0L100.0,100.0L100.0,75.0L300.0,75.0')).toBe(true);
  });

  it('draws nothing without history', () => {
    expect(bands([], '2026-03-03', 300, 100).bands).toEqual([]);
  });
});
