/**
 * Runs at most `max` tasks at once; the rest wait and start in the order they were given.
 *
 * Refreshing a fleet starts one shell per host: twenty PowerShell processes importing Hyper-V at
 * once would load the user's machine (and a remote host's WinRM quota) more than the refresh is
 * worth. A slot is held until the task settles, resolved or rejected, so a failing host frees its
 * slot at once; a hung host holds it only until the session's call timeout settles the call. The
 * limit has no timeout of its own: releasing a slot while its task still runs would break the cap.
 */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private max: number;

  constructor(max: number) {
    this.max = ConcurrencyLimit.validMax(max);
  }

  /** Tasks holding a slot now. */
  get running(): number {
    return this.active;
  }

  /** Tasks waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  get limit(): number {
    return this.max;
  }

  /** A new cap (a settings change) applies at once: a higher one starts waiting tasks now. */
  setLimit(max: number): void {
    this.max = ConcurrencyLimit.validMax(max);
    this.drain();
  }

  /** Settles as the task does, once it has had its turn. A task that throws synchronously counts as rejected. */
  run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push(() => {
        this.active++;
        let settled: Promise<T>;
        try {
          settled = task();
        } catch (error) {
          settled = Promise.reject(error);
        }
        // The slot is free before the caller hears of the outcome, so `running` is exact for it.
        // The caller observes the task's rejection through the promise returned here.
        void settled.then(
          (value) => {
            this.release();
            resolve(value);
          },
          (error: unknown) => {
            this.release();
            reject(error);
          },
        );
      });
      this.drain();
    });
  }

  private release(): void {
    this.active--;
    this.drain();
  }

  private drain(): void {
    while (this.active < this.max && this.waiting.length > 0) this.waiting.shift()!();
  }

  /** At least one slot: a cap of 0 (or NaN from a hand-edited setting) would stall every refresh. */
  private static validMax(max: number): number {
    return Number.isFinite(max) ? Math.max(1, Math.floor(max)) : 1;
  }
}
