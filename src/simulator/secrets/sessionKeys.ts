/**
 * The simulated host's session key, as the module keeps it: made on the first Get-SessionKey, held
 * in this process's memory only (a new shell, a new key), and used to open every sealed secret a
 * call brings before its handler runs. A secret that cannot be opened is refused with the module's
 * own ids and words; nothing is ever taken in clear instead.
 */
import type { Envelope } from '../../host/protocol';
import {
  CURVE,
  isSealedSecret,
  newSessionKeyPair,
  openSealed,
  type SealedSecret,
  type SessionKeyPair,
} from '../../host/secrets/sealedSecret';
import { replaceLeaves } from '../../host/secrets/sealArgs';
import type { PsValue } from '../output/psValue';

/** `T` with each sealed secret opened to its text, as the handlers receive it. */
export type Opened<T> = T extends SealedSecret
  ? string
  : T extends readonly unknown[]
    ? { [K in keyof T]: Opened<T[K]> }
    : T extends object
      ? { [K in keyof T]: Opened<T[K]> }
      : T;

/** The module's texts (New-GpuPvSecretError), word for word. */
export const SECRET_TEXTS = {
  'secret-key-changed':
    "The secret was sealed to another session key than this shell holds (the shell was restarted or its key renewed): nothing was decrypted. Seal it again to this shell's key.",
  'secret-unreadable':
    "The sealed secret cannot be opened with this shell's session key: it was altered, cut short or sealed to another key. Nothing was decrypted.",
} as const;

export class SimulatedSessionKey {
  private pair: SessionKeyPair | undefined;

  /** The public half as Get-SessionKey answers it, made on the first ask. */
  publicKey(): PsValue {
    this.pair ??= newSessionKeyPair();
    const point = this.pair.publicPoint;
    return { KeyId: this.pair.keyId, Curve: CURVE, X: point.subarray(1, 33).toString('base64'), Y: point.subarray(33).toString('base64') };
  }

  /** Forgets the key, as a module loaded again would: what was sealed to it is refused from now on. */
  renew(): void {
    this.pair = undefined;
  }

  /** A copy of `args` with every sealed secret opened, or the refusal of the first that cannot be. */
  openAll<T>(args: T): { readonly args: Opened<T> } | { readonly refusal: Envelope } {
    try {
      return { args: replaceLeaves(args, (leaf) => (isSealedSecret(leaf) ? this.openOne(leaf) : leaf)) as Opened<T> };
    } catch (error) {
      if (error instanceof SecretRefused) return { refusal: secretEnvelope(error.id) };
      throw error;
    }
  }

  private openOne(sealed: SealedSecret): string {
    // A shell that was never asked for its key holds none: whatever was sealed, it was not to this shell.
    if (!this.pair) throw new SecretRefused('secret-key-changed');
    const opened = openSealed(sealed, this.pair);
    if ('text' in opened) return opened.text;
    throw new SecretRefused(opened.failure === 'other-key' ? 'secret-key-changed' : 'secret-unreadable');
  }
}

type SecretErrorId = keyof typeof SECRET_TEXTS;

class SecretRefused extends Error {
  constructor(readonly id: SecretErrorId) {
    super(SECRET_TEXTS[id]);
  }
}

function secretEnvelope(id: SecretErrorId): Envelope {
  return { ok: false, error: { id, message: SECRET_TEXTS[id], category: 'SecurityError', fullyQualifiedErrorId: id } };
}
