// Which rows of a long list to draw: only those in view (and a few either
// side), so that an outline of thousands of questions scrolls smoothly.

/** The top of each row and the total height, from the rows' heights. */
export function layout(heights: number[]): { tops: number[]; total: number } {
  const tops = new Array<number>(heights.length);
  let y = 0;
  for (let i = 0; i < heights.length; i++) {
    tops[i] = y;
    y += heights[i] as number;
  }
  return { tops, total: y };
}

/** The first row whose bottom is below `y`. */
function rowAt(tops: number[], total: number, y: number): number {
  let lo = 0;
  let hi = tops.length - 1;
  if (hi < 0 || y >= total) return Math.max(0, tops.length - 1);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((tops[mid] as number) <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The rows to draw, [from, to), for a viewport at `scrollTop` of `height`. */
export function windowOf(
  tops: number[],
  total: number,
  scrollTop: number,
  height: number,
  overscan = 8,
): { from: number; to: number } {
  if (tops.length === 0) return { from: 0, to: 0 };
  const first = rowAt(tops, total, Math.max(0, scrollTop));
  const last = rowAt(tops, total, scrollTop + height);
  return { from: Math.max(0, first - overscan), to: Math.min(tops.length, last + 1 + overscan) };
}

/** The scroll position that brings a row fully into view, or null if it is. */
export function scrollToShow(top: number, rowHeight: number, scrollTop: number, height: number): number | null {
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + height) return top + rowHeight - height;
  return null;
}
