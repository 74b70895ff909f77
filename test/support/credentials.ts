/** Remote credentials for tests, kept in memory the way the extension's store keeps them (refusals too). */
import type { Credential } from '../../src/core/signInGate';
import type { CredentialSource } from '../../src/host/remoteLaunch';

export interface MemoryCredentials extends CredentialSource {
  /** What is stored now, by owner. */
  readonly stored: Map<string, Credential>;
}

/** Every host signs in with `owner(hostId)`'s credential; `initial` is stored for `owners`. */
export function memoryCredentials(
  initial: Credential | undefined,
  owner: (hostId: string) => string = (id) => id,
  owners: readonly string[] = [],
): MemoryCredentials {
  const stored = new Map<string, Credential>();
  const fallback = initial;
  return {
    stored,
    ownerOf: owner,
    read: async (ownerId) => stored.get(ownerId) ?? (owners.length === 0 || owners.includes(ownerId) ? fallback : undefined),
    refused: async (ownerId, credential) => {
      stored.set(ownerId, { ...credential, refusedAt: Date.now() });
    },
  };
}
