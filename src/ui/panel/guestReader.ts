/**
 * Reads the guest's display devices of a running VM over PowerShell Direct with the stored guest
 * credential. The password goes into the call's payload only, sealed to the shell's session key:
 * the host client logs the operation's name and duration, never its arguments, and the session
 * never logs the call line.
 */
import type { Result } from '../../core/errors';
import { normalizeGuestDisplay, type GuestDisplay } from '../../core/normalize/guestDevices';
import type { HostClient } from '../../host/hostClient';
import { Secret } from '../../host/secrets/secret';
import type { GuestCredential } from './guestCredentials';

export async function readGuestDisplay(client: HostClient, vmId: string, credential: GuestCredential): Promise<Result<GuestDisplay>> {
  const result = await client.invoke('Get-GuestDisplayDevices', {
    VMId: vmId,
    Credential: { UserName: credential.userName, Password: new Secret(credential.password) },
  });
  return result.ok ? { ok: true, value: normalizeGuestDisplay(result.value) } : result;
}
