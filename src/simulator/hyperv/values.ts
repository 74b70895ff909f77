/**
 * Value schemas shared by scenario files and the persisted state. UInt64 values live as `bigint`;
 * a JSON number is only accepted when it is a safe integer, because a larger literal has already
 * been rounded by whoever parsed it with plain `JSON.parse` (write those as digit strings).
 */
import { z } from 'zod/v4';

const UINT64_LIMIT = 1n << 64n;

type Uint64Input = bigint | number | string;

function isUint64Input(v: unknown): v is Uint64Input {
  return typeof v === 'bigint' || typeof v === 'number' || typeof v === 'string';
}

function toUint64(v: Uint64Input, ctx: z.RefinementCtx): bigint {
  if (typeof v === 'number' && !Number.isSafeInteger(v)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: 'integers above 2^53 must be written as digit strings ("18446744073709551615") or parsed losslessly',
    });
    return z.NEVER;
  }
  const value = typeof v === 'string' ? (/^\d+$/.test(v) ? BigInt(v) : null) : BigInt(v);
  if (value === null || value < 0n || value >= UINT64_LIMIT) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `expected a UInt64, got ${typeof v === 'string' ? JSON.stringify(v) : v.toString()}`,
    });
    return z.NEVER;
  }
  return value;
}

// Custom checks instead of zod unions: a state file holds thousands of these values and a union
// builds an error for every branch that does not match (it made loading a 200-VM state slow).
export const exactUint64 = z.custom<Uint64Input>(isUint64Input, 'expected a UInt64').transform(toUint64);

export const exactUint64OrNull = z
  .custom<Uint64Input | null>((v) => v === null || isUint64Input(v), 'expected a UInt64 or null')
  .transform((v, ctx): bigint | null => (v === null ? null : toUint64(v, ctx)));

/** A GUID in any case; Hyper-V prints VMId lower case and adapter ids upper case. */
export const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'expected a GUID');
