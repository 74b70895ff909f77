/**
 * Remote hosts' sign-in credentials, kept only in VS Code's SecretStorage (the OS keychain on the
 * desktop), keyed by host id (a cluster's nodes use the cluster's). Never in settings or the log;
 * the password leaves this store only for the connect line's base64 payload.
 */
import type * as vscode from 'vscode';
import { readCredential } from './secretCredential';
import type { RemoteCredential } from '../host/remoteLaunch';

export class HostCredentialStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  static key(hostId: string): string {
    return `gpupv.hostCredential/${hostId}`;
  }

  async get(hostId: string): Promise<RemoteCredential | undefined> {
    return readCredential(this.secrets, HostCredentialStore.key(hostId));
  }

  async set(hostId: string, credential: RemoteCredential): Promise<void> {
    await this.secrets.store(HostCredentialStore.key(hostId), JSON.stringify(credential));
  }

  async delete(hostId: string): Promise<void> {
    await this.secrets.delete(HostCredentialStore.key(hostId));
  }
}
