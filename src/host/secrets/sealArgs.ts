/**
 * Arguments as a caller gives them hold a Secret where the protocol holds a SealedSecret: the
 * session seals each one when it sends the line, to the key of the shell that receives it.
 */
import { Secret } from './secret';
import type { SealedSecret } from './sealedSecret';

/** `T` with every SealedSecret still a Secret in the caller's hands. */
export type Unsealed<T> = T extends SealedSecret
  ? Secret
  : T extends readonly unknown[]
    ? { [K in keyof T]: Unsealed<T[K]> }
    : T extends object
      ? { [K in keyof T]: Unsealed<T[K]> }
      : T;

export function hasSecret(value: unknown): boolean {
  if (value instanceof Secret) return true;
  if (Array.isArray(value)) return value.some(hasSecret);
  return isPlainObject(value) && Object.values(value).some(hasSecret);
}

/** A copy of `value` with each Secret replaced by what `sealOne` makes of it (which may throw). */
export function sealSecrets<T>(value: Unsealed<T>, sealOne: (secret: Secret) => SealedSecret): T {
  return sealValue(value, sealOne) as T;
}

function sealValue(value: unknown, sealOne: (secret: Secret) => SealedSecret): unknown {
  if (value instanceof Secret) return sealOne(value);
  if (Array.isArray(value)) return value.map((item) => sealValue(item, sealOne));
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, sealValue(item, sealOne)]));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
