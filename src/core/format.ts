/** Exact, BigInt-based formatting of Hyper-V numbers for people. */
import { GIB } from './model';

export function formatBytes(bytes: bigint): string {
  const units: Array<[bigint, string]> = [
    [GIB * 1024n, 'TB'],
    [GIB, 'GB'],
    [1024n * 1024n, 'MB'],
    [1024n, 'KB'],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) {
      const whole = bytes / size;
      const tenth = ((bytes % size) * 10n) / size;
      return tenth === 0n ? `${whole} ${unit}` : `${whole}.${tenth} ${unit}`;
    }
  }
  return `${bytes} B`;
}

/** `part / total` as a percentage with one decimal, computed without floating point. */
export function formatPercent(part: bigint, total: bigint): string {
  if (total <= 0n) return '—';
  const tenths = (part * 1000n + total / 2n) / total;
  const whole = tenths / 10n;
  const fraction = tenths % 10n;
  return fraction === 0n ? `${whole}%` : `${whole}.${fraction}%`;
}

/** Digits grouped by thousands, exact for any UInt64. */
export function formatCount(value: bigint): string {
  return value.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A count and its noun, singular for exactly one: "1 adapter", "2 adapters", "0 VMs". The one
 * pluralisation of the extension: nothing says "adapter(s)". `many` for irregular nouns.
 */
export function plural(n: number | bigint, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 || n === 1n ? one : many}`;
}
