/**
 * The session's side of the key exchange: the line that asks a shell for its session key, and what
 * its answers mean. The key belongs to one shell: the session asks each new shell once, before the
 * first line that carries a secret, and forgets it with the shell.
 */
import { fail, ok, type Result } from '../../core/errors';
import { classifyHostError } from '../../core/hostErrors';
import { sessionKeyResult } from '../protocol';
import { decodeReply, formatCall } from '../wire';
import { sessionKeyFrom, type SessionKey } from './sealedSecret';

export const SESSION_KEY_LINE = formatCall('Get-SessionKey', {});

/** The error id of a shell that refuses a secret sealed to a key it does not hold (anymore). */
export const OTHER_KEY_ERROR = 'secret-key-changed';

export function parseSessionKey(raw: string): Result<SessionKey> {
  const envelope = decodeReply(raw);
  if (!envelope.ok) return envelope;
  if (!envelope.value.ok) return { ok: false, error: classifyHostError(envelope.value.error) };
  const checked = sessionKeyResult.safeParse(envelope.value.result);
  if (!checked.success) return fail('protocol-invalid', 'The host’s session key has an unexpected shape.');
  const { KeyId, X, Y } = checked.data;
  const key = sessionKeyFrom(KeyId, Buffer.from(X, 'base64'), Buffer.from(Y, 'base64'));
  return typeof key === 'string' ? fail('protocol-invalid', `The host’s session key is unusable: ${key}.`) : ok(key);
}

/** Whether the shell refused a line's secret as sealed to another key (it was restarted or renewed its key). */
export function refusedAsOtherKey(raw: string): boolean {
  const envelope = decodeReply(raw);
  return envelope.ok && !envelope.value.ok && envelope.value.error.id === OTHER_KEY_ERROR;
}
