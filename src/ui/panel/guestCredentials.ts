/**
 * Guest credentials for PowerShell Direct, kept only in VS Code's SecretStorage (the OS keychain
 * on the desktop), keyed by host id and VM id. Never in settings, never in the log.
 */
import * as vscode from 'vscode';
import { readCredential } from '../secretCredential';

export interface GuestCredential {
  readonly userName: string;
  readonly password: string;
}

export class GuestCredentialStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<{ hostId: string; vmId: string }>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {}

  static key(hostId: string, vmId: string): string {
    return `gpupv.guestCredential/${hostId}/${vmId.toLowerCase()}`;
  }

  async get(hostId: string, vmId: string): Promise<GuestCredential | undefined> {
    return readCredential(this.secrets, GuestCredentialStore.key(hostId, vmId));
  }

  async set(hostId: string, vmId: string, credential: GuestCredential): Promise<void> {
    await this.secrets.store(GuestCredentialStore.key(hostId, vmId), JSON.stringify(credential));
    this.changed.fire({ hostId, vmId });
  }

  async delete(hostId: string, vmId: string): Promise<void> {
    await this.secrets.delete(GuestCredentialStore.key(hostId, vmId));
    this.changed.fire({ hostId, vmId });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
