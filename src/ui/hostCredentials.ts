/**
 * Remote hosts' sign-in credentials, kept only in VS Code's SecretStorage (the OS keychain on the
 * desktop), keyed by host id (a cluster's nodes use the cluster's). Never in settings or the log;
 * the password leaves this store only for the connect line's base64 payload.
 */
import * as vscode from 'vscode';
import { readCredential } from './secretCredential';
import type { RemoteCredential } from '../host/remoteLaunch';

export class HostCredentialStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the host id whose credentials changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {}

  static key(hostId: string): string {
    return `gpupv.hostCredential/${hostId}`;
  }

  async get(hostId: string): Promise<RemoteCredential | undefined> {
    return readCredential(this.secrets, HostCredentialStore.key(hostId));
  }

  async set(hostId: string, credential: RemoteCredential): Promise<void> {
    await this.secrets.store(HostCredentialStore.key(hostId), JSON.stringify(credential));
    this.changed.fire(hostId);
  }

  async delete(hostId: string): Promise<void> {
    await this.secrets.delete(HostCredentialStore.key(hostId));
    this.changed.fire(hostId);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
