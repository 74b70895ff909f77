/**
 * Schema building blocks for values exactly as PowerShell's ConvertTo-Json prints them, in both
 * Windows PowerShell 5.1 and PowerShell 7 shapes.
 */
import { z } from 'zod';

/** UInt64 as a JSON number (safe or bigint after lossless parsing) or as a digit string; null when never set. */
export const uint64OrNull = z
  .union([z.bigint().nonnegative(), z.number().int().nonnegative(), z.string().regex(/^\d+$/), z.null(), z.undefined()])
  .transform((v): bigint | null => (v === null || v === undefined ? null : BigInt(v)))
  .refine((v) => v === null || v < 1n << 64n, 'value does not fit in UInt64');

export const uint64 = uint64OrNull.refine((v): v is bigint => v !== null, 'expected a number').transform((v) => v as bigint);

export const smallInt = z.union([z.number().int(), z.string().regex(/^-?\d+$/)]).transform((v) => Number(v));

/** PowerShell prints booleans as booleans, but hand-made projections sometimes stringify them. */
export const bool = z.union([z.boolean(), z.enum(['True', 'False', 'true', 'false'])]).transform((v) => v === true || v === 'True' || v === 'true');

export const optionalString = z
  .union([z.string(), z.null(), z.undefined()])
  .transform((v) => (v === undefined || v === null || v === '' ? null : v));

/**
 * A .NET enum: PowerShell 7 with -EnumsAsStrings or a `.ToString()` projection prints its name,
 * Windows PowerShell 5.1 prints its number. Unknown numbers are kept as `fallback`.
 */
export function dotNetEnum<const T extends string>(byNumber: Readonly<Record<number, T>>, fallback: T | null) {
  const names = new Map<string, T>(Object.values(byNumber).map((name) => [name.toLowerCase(), name]));
  return z.union([z.number().int(), z.string(), z.null(), z.undefined()]).transform((v): T | null => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'number') return byNumber[v] ?? fallback;
    if (/^\d+$/.test(v)) return byNumber[Number(v)] ?? fallback;
    return names.get(v.toLowerCase()) ?? fallback;
  });
}

/**
 * A pipeline's output: PowerShell prints one object as an object, several as an array, none as
 * nothing (null here), unless the script wrapped it in @(). Windows PowerShell 5.1 may also print
 * an array held in a property as `{"value": [...], "Count": n}` (its ETS Count member leaks into
 * ConvertTo-Json).
 */
export function listOf<T extends z.ZodTypeAny>(item: T) {
  const wrapped = z.object({ value: z.array(item), Count: z.number().int() }).strict();
  return z.union([z.array(item), wrapped, item, z.null(), z.undefined()]).transform((v): z.output<T>[] => {
    if (v === null || v === undefined) return [];
    if (Array.isArray(v)) return v as z.output<T>[];
    return isCountWrapped(v) ? (v.value as z.output<T>[]) : [v as z.output<T>];
  });
}

function isCountWrapped(v: unknown): v is { value: unknown[]; Count: number } {
  return typeof v === 'object' && v !== null && Object.keys(v).length === 2 && Array.isArray((v as { value?: unknown }).value) && 'Count' in v;
}

/** A list of small integers that 5.1 may print as one number (`ValidPartitionCounts: 32`). */
export const intList = listOf(smallInt);
