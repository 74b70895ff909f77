/**
 * The line of one call (or of a remote host's connect), its arguments checked against the protocol
 * before anything is queued. Arguments that carry secrets make a LineBuilder instead of a line: the
 * session seals them when it sends the line, to the key of the shell that receives it.
 */
import { fail, ok, type Result } from '../core/errors';
import { connectArgsSchema, OPERATIONS, type CallArgs, type ConnectArgs, type OperationName } from './protocol';
import { checkSecret, seal, type SealedSecret } from './secrets/sealedSecret';
import { hasSecret, sealSecrets, type Unsealed } from './secrets/sealArgs';
import type { Secret } from './secrets/secret';
import type { LineBuilder } from './session';
import { formatCall, formatConnect } from './wire';

/** Well formed and openable by no key: stands for each secret while the arguments are checked, never sent. */
const STAND_IN = 'gpupv-sealed-v1:0000000000000000:AAAA' as SealedSecret;

type Parsed<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly error: { readonly issues: readonly { message: string }[] } };

interface Checked<T> {
  readonly what: string;
  readonly check: (args: unknown) => Parsed<T>;
  readonly format: (args: T) => string;
}

export function callLine<Op extends OperationName>(operation: Op, args: CallArgs<Op>): Result<string | LineBuilder> {
  return lineFor<unknown>(args, {
    what: `arguments for ${operation}`,
    check: (value) => OPERATIONS[operation].args.safeParse(value) as Parsed<unknown>,
    format: (checked) => formatCall(operation, checked),
  });
}

export function connectLine(args: Unsealed<ConnectArgs>): Result<string | LineBuilder> {
  return lineFor(args, { what: 'connection settings', check: (value) => connectArgsSchema.safeParse(value), format: formatConnect });
}

function lineFor<T>(args: unknown, spec: Checked<T>): Result<string | LineBuilder> {
  // A secret the protocol refuses (too long) is refused here, before a shell is started or a key asked for.
  const checked = sealAndCheck(args, spec, (secret) => {
    checkSecret(secret);
    return STAND_IN;
  });
  if (!checked.ok) return checked;
  if (!hasSecret(args)) return ok(spec.format(checked.value));
  return ok((key) => {
    const sealed = sealAndCheck(args, spec, (secret) => seal(secret, key));
    return sealed.ok ? ok(spec.format(sealed.value)) : sealed;
  });
}

function sealAndCheck<T>(args: unknown, spec: Checked<T>, sealOne: (secret: Secret) => SealedSecret): Result<T> {
  let sealed: unknown;
  try {
    sealed = sealSecrets(args as Unsealed<unknown>, sealOne);
  } catch (error) {
    return fail('invalid-argument', `Invalid ${spec.what}: ${(error as Error).message}`);
  }
  const checked = spec.check(sealed);
  if (!checked.success) return fail('invalid-argument', `Invalid ${spec.what}: ${checked.error.issues[0]?.message ?? 'unknown'}`);
  return ok(checked.data);
}
