import { describe, expect, it } from 'vitest';
import { fromEditorText, plain, toEditorText, toggleBullets, wrapSelection } from './text';

describe('response text', () => {
  it('is one paragraph a line, blank lines dropped', () => {
    expect(fromEditorText('First.\n\n- one  \nSecond.')).toEqual(['First.', '- one', 'Second.']);
    expect(toEditorText(['a', '- b'])).toBe('a\n- b');
  });

  it('wraps the selection in bold or italic marks', () => {
    expect(wrapSelection('fell by six per cent', 8, 11, '**')).toEqual({ text: 'fell by **six** per cent', start: 10, end: 13 });
  });

  it('makes the selected lines bullets, and plain again', () => {
    const t = 'Intro\nalpha\nbeta';
    const b = toggleBullets(t, 7, 14);
    expect(b).toBe('Intro\n- alpha\n- beta');
    expect(toggleBullets(b, 8, 16)).toBe(t);
  });

  it('shows marks as plain words', () => {
    expect(plain('**£26,000** in *total* \\* 2')).toBe('£26,000 in total * 2');
    expect(plain('- a bullet')).toBe('• a bullet');
  });
});
