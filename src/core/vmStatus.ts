/**
 * A VM's state in one line, as the tree's VM row describes it and the panel's VM page repeats it:
 * power state, readiness of its settings, and the driver-sync mark. One function, so the two never
 * say different things about the same VM.
 */
import { driftView } from './drivers/sync/syncText';
import { vmStateText, type HostInventory, type VirtualMachine } from './model';
import { readiness, readinessText, type Readiness } from './rules/requirements';

export function vmStatusText(vm: VirtualMachine, inventory: HostInventory, r: Readiness = readiness(vm, inventory)): string {
  return [vmStateText(vm), readinessText(vm, inventory, r), driftView(vm, inventory.gpus).suffix].filter(Boolean).join(' · ');
}
