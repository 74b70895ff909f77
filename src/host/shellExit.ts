/**
 * node-powershell races every call against one long-lived `exitPromise`. Each race leaves a
 * reaction on that promise, and the reaction keeps the call's output buffers alive until the
 * shell exits: memory grows with every call. This adapter hands node-powershell a fresh promise
 * per read of `exitPromise` and lets go of it when the call is over.
 */

export interface ShellExit {
  readonly reason: string;
  /** The executable could not be started at all (ENOENT / EACCES). */
  readonly notStartable: boolean;
  /** The executable does not exist (ENOENT), as opposed to existing but refusing to run. */
  readonly missing?: boolean;
}

export interface ExitSignal {
  /** Settles once, when the shell process ends. */
  readonly exited: Promise<ShellExit>;
  hasExited(): boolean;
  /** Calls `listener` on exit (at once if already exited); returns the function that unsubscribes. */
  onExit(listener: (exit: ShellExit) => void): () => void;
  /** Drops the per-call promises handed to node-powershell; call after every finished call. */
  releaseCallPromises(): void;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

export function adaptExitPromise(shell: object): ExitSignal {
  const holder = shell as { exitPromise: Promise<void> };
  const waiters = new Set<Waiter>();
  const listeners = new Set<(exit: ShellExit) => void>();
  let outcome: { readonly exit: ShellExit; readonly error: Error | undefined } | undefined;

  const settle = (exit: ShellExit, error: Error | undefined) => {
    outcome = { exit, error };
    for (const waiter of waiters) {
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
    waiters.clear();
    for (const listener of listeners) listener(exit);
    listeners.clear();
  };
  holder.exitPromise.then(
    () => settle({ reason: 'the shell exited', notStartable: false }, undefined),
    (error: Error) => settle(describeExit(error), error),
  );
  const exited = new Promise<ShellExit>((resolve) => listeners.add(resolve));

  Object.defineProperty(holder, 'exitPromise', {
    configurable: true,
    get(): Promise<void> {
      if (outcome) return outcome.error ? Promise.reject(outcome.error) : Promise.resolve();
      return new Promise<void>((resolve, reject) => waiters.add({ resolve, reject }));
    },
  });

  return {
    exited,
    hasExited: () => outcome !== undefined,
    onExit(listener) {
      if (outcome) {
        listener(outcome.exit);
        return () => undefined;
      }
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    releaseCallPromises: () => waiters.clear(),
  };
}

/** node-powershell's ProcessError carries the child's exit code, signal and the spawn error. */
function describeExit(error: Error): ShellExit {
  const { exitCode, signalCode, originalError } = error as {
    exitCode?: number | null;
    signalCode?: string | null;
    originalError?: NodeJS.ErrnoException;
  };
  const code = originalError?.code;
  if (code === 'ENOENT' || code === 'EACCES')
    return { reason: originalError?.message ?? code, notStartable: true, missing: code === 'ENOENT' };
  if (signalCode) return { reason: `killed by ${signalCode}`, notStartable: false };
  if (typeof exitCode === 'number') return { reason: `exit code ${exitCode}`, notStartable: false };
  return { reason: error.message.split('\n')[0] ?? 'exited', notStartable: false };
}
