import { describe, expect, it } from 'vitest';
import { longDate, overdue, when } from './dates';

describe('dates as an officer reads them', () => {
  const now = new Date(2026, 10, 26, 15, 0);
  it('says today, yesterday, or the day', () => {
    expect(when(new Date(2026, 10, 26, 9, 5).toISOString(), now)).toBe('today at 09:05');
    expect(when(new Date(2026, 10, 25, 17, 30).toISOString(), now)).toBe('yesterday at 17:30');
    expect(when(new Date(2026, 2, 3, 8, 0).toISOString(), now)).toBe('3 Mar at 08:00');
    expect(when(new Date(2019, 2, 18, 8, 0).toISOString(), now)).toBe('18 Mar 2019 at 08:00');
    expect(when(new Date(2026, 10, 26, 9, 5, 7).toISOString(), now, true)).toBe('today at 09:05:07');
  });
  it('spells a meeting date out, or says there is none', () => {
    expect(longDate('2019-03-18')).toBe('18 March 2019');
    expect(longDate(null)).toBe('No meeting date');
  });
  it('counts a due date as overdue only once it has passed', () => {
    expect(overdue('2026-11-25', now)).toBe(true);
    expect(overdue('2026-11-26', now)).toBe(false);
    expect(overdue(null, now)).toBe(false);
  });
});
