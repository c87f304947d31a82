// How dates read to an officer: "18 March 2019", "3 Nov 2026, 14:02".

export function longDate(d: string | null): string {
  if (!d) return 'No meeting date';
  return new Date(`${d}T12:00:00`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
}

export function shortDate(d: string): string {
  return new Date(`${d}T12:00:00`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}

/** A moment, relative to today where that reads better; revisions a few seconds apart want `seconds`. */
export function when(iso: string, now: Date = new Date(), seconds = false): string {
  const t = new Date(iso);
  const time = t.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}) });
  const sameDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();
  if (sameDay(t, now)) return `today at ${time}`;
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (sameDay(t, yesterday)) return `yesterday at ${time}`;
  const sameYear = t.getFullYear() === now.getFullYear();
  return `${t.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) })} at ${time}`;
}

/** A local day as "YYYY-MM-DD", the form dates cross the seam in. */
export function dayOf(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Whether a due date has passed. */
export function overdue(due: string | null, now: Date = new Date()): boolean {
  if (!due) return false;
  return due < dayOf(now);
}
