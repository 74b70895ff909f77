/**
 * The read operations of protocol.ts, as our module runs them: Get-HostFacts needs nothing; the
 * others call Hyper-V cmdlets, so they need the Hyper-V module and Hyper-V's permission (an
 * elevated administrator, or a member of Hyper-V Administrators without elevation).
 */
import type { HyperVModel, ModelResult } from '../hyperv/model';
import * as texts from '../hyperv/texts';
import { projectHostFacts, projectInventory, projectVm } from '../output/project';
import type { PsValue } from '../output/psValue';

function hyperVAccess(model: HyperVModel): texts.HyperVError | null {
  const host = model.state.host;
  if (!host.hyperVModule) return texts.hyperVModuleMissing();
  if (!host.elevated && !host.hyperVAdministrator) return texts.permissionDenied(host.computerName);
  return null;
}

export function getHostFacts(model: HyperVModel): ModelResult<PsValue> {
  return { ok: true, value: projectHostFacts(model.state) };
}

export function getInventory(model: HyperVModel): ModelResult<PsValue> {
  const denied = hyperVAccess(model);
  if (denied) return { ok: false, error: denied };
  return { ok: true, value: projectInventory(model) };
}

export function getVmInventory(model: HyperVModel, args: { readonly VMId: string }): ModelResult<PsValue> {
  const denied = hyperVAccess(model);
  if (denied) return { ok: false, error: denied };
  const vm = model.findVm(args.VMId);
  if (!vm) return { ok: false, error: texts.vmNotFoundById(args.VMId) };
  return { ok: true, value: projectVm(model, vm) };
}
