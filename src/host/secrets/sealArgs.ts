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
  return replaceLeaves(value, (leaf) => (leaf instanceof Secret ? sealOne(leaf) : leaf)) as T;
}

/** A copy of `value`'s arrays and plain objects, each other value replaced by what `replace` answers for it. */
export function replaceLeaves(value: unknown, replace: (leaf: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => replaceLeaves(item, replace));
  if (!isPlainObject(value)) return replace(value);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceLeaves(item, replace)]));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
