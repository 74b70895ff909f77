/** Inventories and guest readings of the demo scenarios, through the simulator's own answers. */
import type { GuestReading } from '../../../src/core/diagnosis/checklist';
import type { HostInventory, VirtualMachine } from '../../../src/core/model';
import { normalizeGuestDisplay, rawGuestDisplay } from '../../../src/core/normalize/guestDevices';
import { normalizeInventory } from '../../../src/core/normalize/inventory';
import { OPERATIONS } from '../../../src/host/protocol';
import type { HyperVModel } from '../../../src/simulator/hyperv/model';
import type { HostState } from '../../../src/simulator/hyperv/state';
import { answerCall } from '../../../src/simulator/operations/answerCall';
import type { BuiltInScenarioName } from '../../../src/simulator/scenarios/builtIn';
import { scenarioModel } from '../simulator/helpers';

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

/** What the guest shows, as the simulated guest derives it (its HostDriverStore holds the host's package). */
export function guestOf(model: HyperVModel, vm: VirtualMachine, driverStore: 'match' | 'missing' = 'match'): GuestReading {
  const state = model.state.vms.find((v) => v.vmId === vm.id);
  if (!state?.guest) throw new Error(`no guest for ${vm.name}`);
  const result = model.guestDisplayDevices(
    vm.id,
    { user: state.guest.user, password: state.guest.password },
    { compare: () => driverStore },
  );
  if (!result.ok) throw new Error(result.error.message);
  const raw = rawGuestDisplay.parse({
    Devices: JSON.parse(JSON.stringify(result.value)),
    DriverStore: ['nv_dispi.inf_amd64_4bf4c17fa8a478b5'],
  });
  return { kind: 'read', display: normalizeGuestDisplay(raw) };
}
