/**
 * Guest credentials for PowerShell Direct, kept only in VS Code's SecretStorage (the OS keychain
 * on the desktop), keyed by host id and VM id. Never in settings, never in the log.
 *
 * Every reader signs in through `signIn` (the panel reading the guest, the online driver sync): a
 * credential the guest refused is kept with the time of the refusal and not tried again until it is
 * replaced, and while one has not worked yet, two readers do not try it at once.
 */
import * as vscode from 'vscode';
import { fail, type Result } from '../../core/errors';
import { refusedCredentialText, SignInGate } from '../../core/signInGate';
import { markRefused, readCredential, writeCredential, type StoredCredential } from '../secretCredential';

export type GuestCredential = StoredCredential;

export class GuestCredentialStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<{ hostId: string; vmId: string }>();
  readonly onDidChange = this.changed.event;
  private readonly signIns = new SignInGate();

  constructor(private readonly secrets: vscode.SecretStorage) {}

  static key(hostId: string, vmId: string): string {
    return `gpupv.guestCredential/${hostId}/${vmId.toLowerCase()}`;
  }

  async get(hostId: string, vmId: string): Promise<GuestCredential | undefined> {
    return readCredential(this.secrets, GuestCredentialStore.key(hostId, vmId));
  }

  async set(hostId: string, vmId: string, credential: GuestCredential): Promise<void> {
    await writeCredential(this.secrets, GuestCredentialStore.key(hostId, vmId), credential);
    this.changed.fire({ hostId, vmId });
  }

  async delete(hostId: string, vmId: string): Promise<void> {
    await this.secrets.delete(GuestCredentialStore.key(hostId, vmId));
    this.changed.fire({ hostId, vmId });
  }

  /**
   * Runs `attempt` with the stored credential, unless the guest already refused it (then it answers
   * that without trying); a refusal ('guest-credentials-rejected') is recorded with the credential.
   */
  async signIn<T>(hostId: string, vmId: string, attempt: (credential: GuestCredential) => Promise<Result<T>>): Promise<Result<T>> {
    const key = GuestCredentialStore.key(hostId, vmId);
    return this.signIns.run(key, {
      read: () => this.get(hostId, vmId),
      attempt: async (credential) => {
        if (!credential) return fail('guest-credentials-rejected', 'No guest credentials are stored for this VM.');
        if (credential.refusedAt !== undefined) return fail('guest-credentials-rejected', refusedCredentialText('The guest', credential));
        const result = await attempt(credential);
        if (!result.ok && result.error.id === 'guest-credentials-rejected' && (await markRefused(this.secrets, key, credential)))
          this.changed.fire({ hostId, vmId });
        return result;
      },
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
