/**
 * Runs every release step of a test's `after` hook even when one throws, then throws what failed.
 * A hook that stopped at its first failure would leave the later servers and shells running, and
 * one open socket or child process keeps mocha from ever exiting.
 */
export async function releaseAll(...steps: ReadonlyArray<() => unknown>): Promise<void> {
  const errors: unknown[] = [];
  for (const release of steps) {
    try {
      await release();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} release steps failed`);
}
