/**
 * Remote hosts' sign-in credentials, kept only in VS Code's SecretStorage (the OS keychain on the
 * desktop), keyed by host id (a cluster's nodes use the cluster's). Never in settings or the log;
 * the password leaves this store only for the connect line's base64 payload. A credential the host
 * refused is kept with the time of the refusal and not offered again until it is replaced.
 */
import type * as vscode from 'vscode';
import { markRefused, readCredential, writeCredential, type StoredCredential } from './secretCredential';

export class HostCredentialStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  static key(hostId: string): string {
    return `gpupv.hostCredential/${hostId}`;
  }

  async get(hostId: string): Promise<StoredCredential | undefined> {
    return readCredential(this.secrets, HostCredentialStore.key(hostId));
  }

  async set(hostId: string, credential: StoredCredential): Promise<void> {
    await writeCredential(this.secrets, HostCredentialStore.key(hostId), credential);
  }

  /** The host refused `credential` (unless it was replaced meanwhile). */
  async refused(hostId: string, credential: StoredCredential): Promise<void> {
    await markRefused(this.secrets, HostCredentialStore.key(hostId), credential);
  }

  async delete(hostId: string): Promise<void> {
    await this.secrets.delete(HostCredentialStore.key(hostId));
  }
}
