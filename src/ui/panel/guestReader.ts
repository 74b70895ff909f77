/**
 * Reads the guest's display devices of a running VM over PowerShell Direct with the stored guest
 * credential. The credential goes into the call's payload only: the host client logs the
 * operation's name and duration, never its arguments.
 */
import type { Result } from '../../core/errors';
import type { GuestDisplay } from '../../core/normalize/guestDevices';
import type { HostClient } from '../../host/hostClient';
import type { GuestCredential } from './guestCredentials';

export async function readGuestDisplay(_client: HostClient, _vmId: string, _credential: GuestCredential): Promise<Result<GuestDisplay>> {
  return { ok: false, error: { id: 'unknown-operation', message: 'reading the guest’s devices is not available in this version yet.' } };
}
