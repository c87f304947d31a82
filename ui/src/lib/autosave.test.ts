import { describe, expect, it, vi } from 'vitest';
import { Autosaver, type SaveState } from './autosave';

function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('Autosaver', () => {
  it('saves once typing pauses, with the newest text', async () => {
    vi.useFakeTimers();
    const saved: string[] = [];
    const states: SaveState[] = [];
    const a = new Autosaver<string>(async (v) => void saved.push(v), (s) => states.push(s), 600);
    a.change('B');
    a.change('BD');
    a.change('BDC');
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(600);
    expect(saved).toEqual(['BDC']);
    expect(a.state).toBe('saved');
    expect(states).toContain('saving');
    vi.useRealTimers();
  });

  it('saves a change made during a save after it, never losing it', async () => {
    const saves: string[] = [];
    const first = deferred();
    let calls = 0;
    const a = new Autosaver<string>(
      async (v) => {
        saves.push(v);
        calls += 1;
        if (calls === 1) await first.promise;
      },
      () => {},
      10_000,
    );
    a.change('one');
    const flushing = a.flush();
    a.change('two');
    first.resolve();
    await flushing;
    await a.flush();
    expect(saves).toEqual(['one', 'two']);
    expect(a.dirty).toBe(false);
  });

  it('keeps the text when a save fails, says so, and waits for the next edit', async () => {
    vi.useFakeTimers();
    let fail = true;
    const saved: string[] = [];
    const a = new Autosaver<string>(
      async (v) => {
        if (fail) throw { code: 'disk_full', message: 'There is no space left.' };
        saved.push(v);
      },
      () => {},
      10_000,
      1_000,
    );
    a.change('words');
    await a.flush();
    expect(a.state).toBe('failed');
    expect(a.error).toBe('There is no space left.');
    expect(a.retrying).toBe(false);
    expect(a.dirty).toBe(true);
    fail = false;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(saved, 'no retry of its own').toEqual([]);
    await a.flush();
    expect(saved).toEqual(['words']);
    expect(a.state).toBe('saved');
    vi.useRealTimers();
  });

  it('tries a save the busy workbook refused again by itself', async () => {
    vi.useFakeTimers();
    let busy = 2;
    const saved: string[] = [];
    const a = new Autosaver<string>(
      async (v) => {
        if (busy > 0) {
          busy -= 1;
          throw { code: 'in_use', message: 'The workbook is busy.' };
        }
        saved.push(v);
      },
      () => {},
      600,
      1_000,
    );
    a.change('words');
    await vi.advanceTimersByTimeAsync(600);
    expect(a.state).toBe('failed');
    expect(a.retrying).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(saved, 'still busy').toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(saved).toEqual(['words']);
    expect(a.state).toBe('saved');
    expect(a.retrying).toBe(false);
    await a.close();
    vi.useRealTimers();
  });
});
