// Saves a little after typing stops, one save at a time, never losing the
// newest text: a change made while a save is running is saved after it.
// A save refused because the workbook is busy (another window or command is
// writing) is tried again by itself; other failures wait for the next edit.

import { codeOf } from './api';

export type SaveState = 'saved' | 'pending' | 'saving' | 'failed';

/** Every autosaver with a live editor, so that closing can save them all. */
const live = new Set<{ flush(): Promise<void>; state: SaveState }>();

/**
 * Saves everything still pending in every editor. Resolves once it is done:
 * true when all of it is saved, false when some could not be (that text
 * stays in its editor).
 */
export async function flushAll(): Promise<boolean> {
  await Promise.all([...live].map((s) => s.flush()));
  return [...live].every((s) => s.state !== 'failed');
}

export class Autosaver<T> {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private latest: T | null = null;
  private running: Promise<void> | null = null;
  state: SaveState = 'saved';
  error = '';
  /** A busy workbook refused the last save; it is tried again by itself. */
  retrying = false;

  constructor(
    private readonly save: (value: T) => Promise<void>,
    private readonly onState: (state: SaveState, error: string) => void,
    private readonly delayMs = 600,
    private readonly retryMs = 2000,
  ) {
    live.add(this);
  }

  /** The editor is gone: save what is pending, and stop being counted. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      live.delete(this);
    }
  }

  /** Records a change; it is saved once typing pauses. */
  change(value: T): void {
    this.latest = value;
    this.set('pending');
    this.schedule(this.delayMs);
  }

  /** Saves anything pending now (on blur, before closing). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.running) await this.running;
    if (this.latest === null) return;
    const value = this.latest;
    this.latest = null;
    this.set('saving');
    this.running = this.save(value).then(
      () => {
        this.running = null;
        this.set(this.latest === null ? 'saved' : 'pending');
      },
      (e: unknown) => {
        this.running = null;
        // Keep the unsaved text so that nothing typed is lost.
        if (this.latest === null) this.latest = value;
        this.error = e instanceof Error ? e.message : String((e as { message?: string })?.message ?? e);
        this.retrying = codeOf(e) === 'in_use';
        this.set('failed');
        if (this.retrying && live.has(this)) this.schedule(this.retryMs);
      },
    );
    await this.running;
    if (this.latest !== null && this.state !== 'failed') await this.flush();
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), ms);
  }

  get dirty(): boolean {
    return this.latest !== null || this.running !== null;
  }

  private set(state: SaveState): void {
    if (state !== 'failed') this.retrying = false;
    this.state = state;
    this.onState(state, state === 'failed' ? this.error : '');
  }
}
