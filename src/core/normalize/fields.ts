/**
 * Schema building blocks for values exactly as PowerShell's ConvertTo-Json prints them, in both
 * Windows PowerShell 5.1 and PowerShell 7 shapes.
 *
 * Each block first brings the accepted spellings to one form, then validates that form. Unions
 * would say the same, but zod builds an error for every branch that does not match, which made
 * a 200-VM inventory take 100 ms to validate.
 */
import { z } from 'zod/v4';
import type { Reported } from '../model';

const UINT64_LIMIT = 1n << 64n;

function toBigIntIfNumeric(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v);
  return v;
}

/** UInt64 as a JSON number (safe or bigint after lossless parsing) or as a digit string; null when never set. */
export const uint64OrNull = z.preprocess(
  toBigIntIfNumeric,
  z
    .bigint({ error: 'expected an unsigned 64-bit integer' })
    .nonnegative()
    .refine((v) => v < UINT64_LIMIT, 'value does not fit in UInt64')
    .nullable(),
);

export const uint64 = z.preprocess(
  toBigIntIfNumeric,
  z
    .bigint({ error: 'expected an unsigned 64-bit integer' })
    .nonnegative()
    .refine((v) => v < UINT64_LIMIT, 'value does not fit in UInt64'),
);

export const smallInt = z.preprocess((v) => (typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v), z.number().int());

/** PowerShell prints booleans as booleans, but hand-made projections sometimes stringify them. */
export const bool = z.preprocess((v) => (typeof v === 'string' && /^(true|false)$/i.test(v) ? v.toLowerCase() === 'true' : v), z.boolean());

export const optionalString = z.preprocess((v) => (v === undefined || v === '' ? null : v), z.string().nullable());

/** optionalString of at most `max` characters: for what a guest wrote, which may be of any size. */
export function optionalText(max: number) {
  return z.preprocess((v) => (v === undefined || v === '' ? null : v), z.string().max(max).nullable());
}

/**
 * A .NET enum: PowerShell 7 with -EnumsAsStrings or a `.ToString()` projection prints its name,
 * Windows PowerShell 5.1 prints its number. A name or number we do not know is kept raw
 * (`{ unknown }`); null or absent is null; anything else (a fraction, a boolean, an object) is not
 * an enum value at all and fails.
 */
export function dotNetEnum<const T extends string>(byNumber: Readonly<Record<number, T>>) {
  const names = new Map<string, T>(Object.values(byNumber).map((name) => [name.toLowerCase(), name]));
  const byValue = new Map<number, T>(Object.entries(byNumber).map(([n, name]) => [Number(n), name]));
  return z.unknown().transform((v, ctx): Reported<T> | null => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'number' && Number.isInteger(v)) return byValue.get(v) ?? { unknown: String(v) };
    if (typeof v === 'string' && v.trim() !== '') {
      const known = /^\d+$/.test(v) ? byValue.get(Number(v)) : names.get(v.toLowerCase());
      return known ?? { unknown: v };
    }
    ctx.addIssue({ code: 'custom', message: `expected an enum name or number, received ${describeType(v)}` });
    return z.NEVER;
  });
}

function describeType(v: unknown): string {
  if (typeof v === 'number') return 'a fractional number';
  if (typeof v === 'string') return 'an empty string';
  return Array.isArray(v) ? 'an array' : typeof v;
}

/** A VM id as Get-VM prints VMId: the VM's actions address it by this GUID. */
export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** `Microsoft:<VMId>\<GUID>`, the value Get-VMGpuPartitionAdapter calls Id and -AdapterId takes. */
export const ADAPTER_ID = /^Microsoft:[0-9A-Fa-f-]{36}\\[0-9A-Fa-f-]{36}$/;

/**
 * A pipeline's output: PowerShell prints one object as an object, several as an array, none as
 * nothing (null here), unless the script wrapped it in @(). Windows PowerShell 5.1 may also print
 * an array held in a property as `{"value": [...], "Count": n}` (its ETS Count member leaks into
 * ConvertTo-Json).
 */
export function listOf<T extends z.ZodTypeAny>(item: T, max?: number) {
  return z.preprocess(asList, max === undefined ? z.array(item) : z.array(item).max(max));
}

/** One object, an array, nothing or a 5.1 `{value, Count}` wrapper, as the array it stands for. */
export function asList(v: unknown): unknown[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v;
  return isCountWrapped(v) ? v.value : [v];
}

function isCountWrapped(v: unknown): v is { value: unknown[]; Count: number } {
  return (
    typeof v === 'object' && v !== null && Object.keys(v).length === 2 && Array.isArray((v as { value?: unknown }).value) && 'Count' in v
  );
}

/** A list of small integers that 5.1 may print as one number (`ValidPartitionCounts: 32`). */
export const intList = listOf(smallInt);
