/** Inventories and guest readings of the demo scenarios, through the simulator's own answers. */
import type { GuestReading } from '../../../src/core/diagnosis/checklist';
import type { HostInventory, VirtualMachine } from '../../../src/core/model';
import { normalizeGuestDisplay } from '../../../src/core/normalize/guestDevices';
import { normalizeInventory } from '../../../src/core/normalize/inventory';
import { OPERATIONS } from '../../../src/host/protocol';
import type { HyperVModel } from '../../../src/simulator/hyperv/model';
import type { HostState } from '../../../src/simulator/hyperv/state';
import { answerCall } from '../../../src/simulator/operations/answerCall';
import { NO_GUEST_DISKS, type GuestDisks } from '../../../src/simulator/operations/guestOperations';
import type { BuiltInScenarioName } from '../../../src/simulator/scenarios/builtIn';
import { scenarioModel } from '../simulator/helpers';
import { simulatedShellKey } from '../../support/sealing';

export function inventoryOf(model: HyperVModel): HostInventory {
  const envelope = answerCall(model, 'Get-Inventory', {});
  if (!envelope.ok) throw new Error(envelope.error.message);
  return normalizeInventory(OPERATIONS['Get-Inventory'].result.parse(envelope.result));
}

export function scenario(name: BuiltInScenarioName, adjust?: (state: HostState) => void): { model: HyperVModel; inventory: HostInventory } {
  const model = scenarioModel(name, adjust);
  return { model, inventory: inventoryOf(model) };
}

export function vmNamed(inventory: HostInventory, name: string): VirtualMachine {
  const vm = inventory.vms.find((v) => v.name === name);
  if (!vm) throw new Error(`no VM ${name}`);
  return vm;
}

export const RTX_PACKAGE = 'nv_dispi.inf_amd64_4bf4c17fa8a478b5';

/**
 * What the guest shows, as the simulator answers Get-GuestDisplayDevices (devices, their driver
 * records, the HostDriverStore's folders) through the protocol's schema: its copy of the host's
 * package matches the host's or not (`driverStore`), and its HostDriverStore lists `packages`.
 */
export function guestOf(
  model: HyperVModel,
  vm: VirtualMachine,
  driverStore: 'match' | 'missing' = 'match',
  packages: readonly string[] = [RTX_PACKAGE],
): GuestReading {
  const state = model.state.vms.find((v) => v.vmId === vm.id);
  if (!state?.guest) throw new Error(`no guest for ${vm.name}`);
  const disks: GuestDisks = { ...NO_GUEST_DISKS, compare: () => driverStore, packages: () => [...packages] };
  const shell = simulatedShellKey();
  const credential = { UserName: state.guest.user, Password: shell.seal(state.guest.password) };
  const envelope = answerCall(
    model,
    'Get-GuestDisplayDevices',
    { VMId: vm.id, Credential: credential },
    undefined,
    disks,
    undefined,
    shell.key,
  );
  if (!envelope.ok) throw new Error(envelope.error.message);
  return { kind: 'read', display: normalizeGuestDisplay(OPERATIONS['Get-GuestDisplayDevices'].result.parse(envelope.result)) };
}
