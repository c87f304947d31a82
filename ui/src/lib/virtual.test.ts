import { describe, expect, it } from 'vitest';
import { layout, scrollToShow, windowOf } from './virtual';

describe('the outline draws only the rows in view', () => {
  const heights = Array.from({ length: 2_100 }, (_, i) => (i % 21 === 0 ? 36 : 52));
  const { tops, total } = layout(heights);

  it('lays rows end to end', () => {
    expect(tops[0]).toBe(0);
    expect(tops[1]).toBe(36);
    expect(tops[2]).toBe(88);
    expect(total).toBe(100 * 36 + 2_000 * 52);
  });

  it('draws a few dozen rows wherever the list is scrolled', () => {
    for (const scrollTop of [0, 10_000, total - 700]) {
      const w = windowOf(tops, total, scrollTop, 700, 8);
      expect(w.to - w.from).toBeLessThan(40);
      expect(tops[w.from]!).toBeLessThanOrEqual(scrollTop);
      const lastTop = tops[w.to - 1]!;
      expect(lastTop + 52).toBeGreaterThanOrEqual(Math.min(total, scrollTop + 700));
    }
  });

  it('handles an empty list and a list shorter than the view', () => {
    expect(windowOf([], 0, 0, 700)).toEqual({ from: 0, to: 0 });
    const small = layout([36, 52, 52]);
    expect(windowOf(small.tops, small.total, 0, 700)).toEqual({ from: 0, to: 3 });
  });

  it('scrolls just enough to show a row', () => {
    expect(scrollToShow(100, 52, 0, 700)).toBeNull();
    expect(scrollToShow(1_000, 52, 0, 700)).toBe(352);
    expect(scrollToShow(100, 52, 500, 700)).toBe(100);
  });
});
