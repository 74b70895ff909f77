/** What every bench file shares: the report line, medians, timing, and failing loudly on an error answer. */

export type Report = (measure: string, value: string, target: string, met: boolean) => void;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export function must<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
