/**
 * Value schemas shared by scenario files and the persisted state. UInt64 values live as `bigint`;
 * a JSON number is only accepted when it is a safe integer, because a larger literal has already
 * been rounded by whoever parsed it with plain `JSON.parse` (write those as digit strings).
 */
import { z } from 'zod';

const UINT64_LIMIT = 1n << 64n;

export const exactUint64 = z
  .union([
    z.bigint(),
    z.number().int().nonnegative().refine(Number.isSafeInteger, 'integers above 2^53 must be written as digit strings ("18446744073709551615") or parsed losslessly'),
    z.string().regex(/^\d+$/, 'expected a decimal UInt64'),
  ])
  .transform((v) => BigInt(v))
  .refine((v) => v >= 0n && v < UINT64_LIMIT, 'value does not fit in UInt64');

export const exactUint64OrNull = z.union([exactUint64, z.null()]);

/** A GUID in any case; Hyper-V prints VMId lower case and adapter ids upper case. */
export const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'expected a GUID');
