/**
 * PowerShell Direct at the cmdlet level: New-PSSession -VMId -Credential checks what Hyper-V and
 * the guest check (the model's guestSession rule), and answers where the guest's C: is, the VM's
 * disk folder with its starting content written, for the remoting double to run the guest's side in.
 */
import { ensureGuestDisk } from '../disks/guestCopies';
import { vmDiskRoot } from '../disks/layout';
import type { HyperVModel } from '../hyperv/model';
import type { Mutate } from '../operations/writeOperations';
import type { CmdletAnswer, CmdletContext, CmdletParameters } from './cmdletAnswers';

export function newGuestSession(model: HyperVModel, _mutate: Mutate, parameters: CmdletParameters, context: CmdletContext): CmdletAnswer {
  const vmId = String(parameters.VMId ?? '');
  const session = model.guestSession(vmId, { user: String(parameters.UserName ?? ''), password: String(parameters.Password ?? '') });
  if (!session.ok) return { output: [], error: session.error };
  ensureGuestDisk(context.dir, session.value.vmId);
  return { output: [{ VMId: session.value.vmId, VMName: session.value.name, Root: vmDiskRoot(context.dir, session.value.vmId) }] };
}
