// The shapes of the "answers over time" chart: stacked bands, one per
// status, over the days from the first change to the meeting (or today).
import type { DayCounts, Status } from './bindings';

export const CHART_ORDER: Status[] = ['approved', 'answered_elsewhere', 'submitted', 'drafting', 'not_started', 'not_required'];

const dayMs = 86_400_000;
const toDay = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / dayMs;

export type Band = { status: Status; path: string };

/**
 * SVG paths for each status band, in a `width` × `height` box. Counts hold
 * from each day until the next change, and the last day's counts run on to
 * `until` (today, or the meeting if that is later).
 */
export function bands(days: DayCounts[], until: string, width: number, height: number): { bands: Band[]; x: (d: string) => number; total: number } {
  if (days.length === 0) return { bands: [], x: () => 0, total: 0 };
  const start = toDay((days[0] as DayCounts).day);
  const end = Math.max(toDay(until), toDay((days[days.length - 1] as DayCounts).day) + 1, start + 1);
  const x = (d: string) => ((toDay(d) - start) / (end - start)) * width;
  const total = Math.max(1, ...days.map((d) => CHART_ORDER.reduce((n, s) => n + d.counts[s], 0)));
  const y = (n: number) => height - (n / total) * height;
  // Step points: each day's counts hold until the next day.
  const steps: { from: number; to: number; counts: DayCounts['counts'] }[] = days.map((d, i) => ({
    from: x(d.day),
    to: i + 1 < days.length ? x((days[i + 1] as DayCounts).day) : width,
    counts: d.counts,
  }));
  const out: Band[] = [];
  let below = steps.map(() => 0);
  for (const status of CHART_ORDER) {
    const above = steps.map((st, i) => (below[i] as number) + st.counts[status]);
    if (above.every((a, i) => a === below[i])) {
      below = above;
      continue;
    }
    const top = steps.flatMap((st, i) => [`${st.from.toFixed(1)},${y(above[i] as number).toFixed(1)}`, `${st.to.toFixed(1)},${y(above[i] as number).toFixed(1)}`]);
    const bottom = steps
      .flatMap((st, i) => [`${st.from.toFixed(1)},${y(below[i] as number).toFixed(1)}`, `${st.to.toFixed(1)},${y(below[i] as number).toFixed(1)}`])
      .reverse();
    out.push({ status, path: `M${top.join('L')}L${bottom.join('L')}Z` });
    below = above;
  }
  return { bands: out, x, total };
}
