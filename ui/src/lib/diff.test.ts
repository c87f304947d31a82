import { describe, expect, it } from 'vitest';
import { diffWords } from './diff';

const join = (ps: { kind: string; text: string }[], keep: string[]) =>
  ps.filter((p) => keep.includes(p.kind)).map((p) => p.text).join('');

describe('diffWords', () => {
  it('marks a changed word as removed and added, the rest unchanged', () => {
    const d = diffWords('The budget was £6,000 in 2018.', 'The budget was £7,500 in 2018.');
    expect(d).toEqual([
      { kind: 'same', text: 'The budget was ' },
      { kind: 'removed', text: '£6,000' },
      { kind: 'added', text: '£7,500' },
      { kind: 'same', text: ' in 2018.' },
    ]);
  });

  it('gives back both texts exactly', () => {
    const before = 'Officers patrolled\nthe town centre twice weekly.';
    const after = 'PCSOs patrolled the town centre and the parks\nthree times weekly.';
    const d = diffWords(before, after);
    expect(join(d, ['same', 'removed'])).toBe(before);
    expect(join(d, ['same', 'added'])).toBe(after);
  });

  it('shows an unchanged text as one unchanged piece, and an empty one as all added', () => {
    expect(diffWords('Same words.', 'Same words.')).toEqual([{ kind: 'same', text: 'Same words.' }]);
    expect(diffWords('', 'New answer.')).toEqual([{ kind: 'added', text: 'New answer.' }]);
  });
});
