/** Sealing for tests that talk to the simulator's operations directly, without a session. */
import { seal, sessionKeyFrom, type SealedSecret, type SessionKey } from '../../src/host/secrets/sealedSecret';
import { Secret } from '../../src/host/secrets/secret';
import { SimulatedSessionKey } from '../../src/simulator/secrets/sessionKeys';

/** The public half a Get-SessionKey answer describes, as the session builds it. */
export function sessionKeyOf(answer: unknown): SessionKey {
  const { KeyId, X, Y } = answer as { KeyId: string; X: string; Y: string };
  const key = sessionKeyFrom(KeyId, Buffer.from(X, 'base64'), Buffer.from(Y, 'base64'));
  if (typeof key === 'string') throw new Error(key);
  return key;
}

/** A simulated shell's key, and a function that seals a text to it (asking for the key first, as a session does). */
export function simulatedShellKey(): { readonly key: SimulatedSessionKey; readonly seal: (text: string) => SealedSecret } {
  const key = new SimulatedSessionKey();
  let sessionKey: SessionKey | undefined;
  return {
    key,
    seal: (text) => {
      sessionKey ??= sessionKeyOf(key.publicKey());
      return seal(new Secret(text), sessionKey);
    },
  };
}
