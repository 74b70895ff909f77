/**
 * A host that reports one VM, one GPU and one adapter oddly, each in another way, still yields every
 * other entry as it would without them: through the simulator's answer, the protocol table and the
 * normalisation, in PowerShell 7 and Windows PowerShell 5.1 shapes.
 */
import * as assert from 'node:assert/strict';
import { summarizeFleet } from '../../../src/core/fleet/fleetSummary';
import { fleetSummaryDetails, fleetSummaryLine } from '../../../src/core/fleet/fleetSummaryText';
import { unreadableEntries } from '../../../src/core/invalidEntryText';
import { vmStateText, type HostInventory } from '../../../src/core/model';
import { adapterGpuStatus, holdersOf, unreadableAdaptersOn } from '../../../src/core/rules/partitionUsage';
import { checkVm, readiness } from '../../../src/core/rules/requirements';
import { HyperVModel } from '../../../src/simulator/hyperv/model';
import { parseScenario } from '../../../src/simulator/scenarios/resolveScenario';
import { ODD, oddScenario } from '../../support/oddScenario';
import { inventoryOf, scenario } from '../panel/helpers';

function oddInventory(edition: 'Core' | 'Desktop'): HostInventory {
  const model = new HyperVModel(parseScenario(oddScenario(edition), 'odd'));
  model.settleRuntime();
  return inventoryOf(model);
}

function plainInventory(edition: 'Core' | 'Desktop'): HostInventory {
  return scenario('win11-workstation', (state) => {
    state.host.psEdition = edition;
  }).inventory;
}

for (const edition of ['Core', 'Desktop'] as const) {
  describe(`an inventory with odd entries (${edition === 'Core' ? 'PowerShell 7' : 'Windows PowerShell 5.1'} shapes)`, () => {
    const odd = oddInventory(edition);
    const plain = plainInventory(edition);

    it('yields every other VM exactly as without the odd ones', () => {
      const others = plain.vms.filter((v) => v.name !== ODD.nullNumberVm && v.name !== ODD.unknownStateVm && v.name !== ODD.oddAdapterVm);
      assert.equal(others.length, 4);
      for (const vm of others) {
        assert.deepEqual(
          odd.vms.find((v) => v.id === vm.id),
          vm,
          vm.name,
        );
      }
    });

    it('a null where a number belongs: the VM is an invalid entry with its name, id, the property and the raw value', () => {
      assert.equal(
        odd.vms.some((v) => v.name === ODD.nullNumberVm),
        false,
      );
      const entry = odd.invalid.find((e) => e.kind === 'vm');
      assert.ok(entry);
      assert.equal(entry.name, ODD.nullNumberVm);
      assert.equal(entry.id, '3c7d8e2a-1b4f-4a6e-9d2c-5e8f7a1b3c4d');
      assert.deepEqual(
        entry.problems.map((p) => [p.path, p.raw]),
        [['MemoryStartup', 'null']],
      );
    });

    it('an enum value we do not know: the VM is kept, its state raw and shown as such', () => {
      const vm = odd.vms.find((v) => v.name === ODD.unknownStateVm)!;
      const before = plain.vms.find((v) => v.name === ODD.unknownStateVm)!;
      assert.deepEqual(vm.state, { unknown: '12' });
      assert.equal(vmStateText(vm), 'state 12 (unknown)');
      assert.deepEqual({ ...vm, state: before.state }, before, 'everything else reads as before');
    });

    it('a property the driver does not report: the GPU is an invalid entry, the other GPUs are read', () => {
      const gpuEntries = odd.invalid.filter((e) => e.kind === 'gpu');
      assert.equal(gpuEntries.length, 1);
      assert.match(gpuEntries[0]!.id!, /VEN_8086&DEV_4680/);
      assert.deepEqual(
        gpuEntries[0]!.problems.map((p) => [p.path, p.raw]),
        [['PartitionCount', null]],
      );
      const rtx = plain.gpus.find((g) => g.friendlyName === 'NVIDIA GeForce RTX 3060')!;
      assert.deepEqual(
        odd.gpus.find((g) => g.instancePath === rtx.instancePath),
        rtx,
      );
    });

    it('a new partitioning suffix: the GPU is kept, its kind unknown, its numbers as reported', () => {
      const gpu = odd.gpus.find((g) => g.instancePath === ODD.newSuffixPath)!;
      assert.equal(gpu.kind, 'unknown');
      assert.equal(gpu.friendlyName, ODD.newSuffixGpu, 'its driver record is still matched by device id');
      assert.equal(gpu.partitionCount, 32);
    });

    it('a property missing from an adapter: the VM is kept with its other settings and the adapter apart', () => {
      const vm = odd.vms.find((v) => v.name === ODD.oddAdapterVm)!;
      const before = plain.vms.find((v) => v.name === ODD.oddAdapterVm)!;
      assert.equal(vm.adapters.length, 0);
      assert.equal(vm.invalidAdapters.length, 1);
      assert.deepEqual(
        vm.invalidAdapters[0]!.problems.map((p) => [p.path, p.raw]),
        [['Id', null]],
      );
      assert.equal(vm.invalidAdapters[0]!.name, before.adapters[0]!.instancePath, 'its GPU is still named');
      assert.deepEqual({ ...vm, adapters: before.adapters, invalidAdapters: [] }, before);
      assert.deepEqual(readiness(vm, odd), { kind: 'unreadable-adapter' });
      assert.equal(checkVm(vm, odd).find((c) => c.id === 'adapter')!.status, 'unknown');
    });

    it('usage counts say what they leave out: the adapter that could not be read, and the fleet’s count of such entries', () => {
      const rtx = odd.gpus.find((g) => g.friendlyName === 'NVIDIA GeForce RTX 3060')!;
      assert.equal(
        holdersOf(rtx, odd).length,
        holdersOf(
          plain.gpus.find((g) => g.instancePath === rtx.instancePath)!,
          plain,
        ).length - 1,
      );
      assert.equal(unreadableAdaptersOn(rtx, odd), 1);
      assert.equal(unreadableEntries(odd).length, 3);
      const summary = summarizeFleet([
        { id: 'odd', inventory: odd, error: undefined },
        { id: 'plain', inventory: plain, error: undefined },
      ]);
      assert.equal(summary.unreadable, 3);
      assert.match(fleetSummaryLine(summary), / · 3 entries could not be read$/);
      assert.match(fleetSummaryDetails(summary).join('\n'), /3 entries could not be read \(.*\): not in the counts above/);
    });
  });
}

describe('adapters that may name a GPU the host could not read', () => {
  const odd = oddInventory('Core');

  it('are not called stale (whose fix is to remove them) but unknown', () => {
    const intelPath = odd.invalid.find((e) => e.kind === 'gpu')!.id!;
    const vm = odd.vms.find((v) => v.name === 'Media-Encoder')!;
    const onIntel = { ...vm.adapters[0]!, instancePath: intelPath };
    assert.equal(adapterGpuStatus(onIntel, odd), 'unreadable');
    assert.equal(adapterGpuStatus({ ...onIntel, instancePath: String.raw`\\?\PCI#VEN_10DE&DEV_0001#x#{a}` }, odd), 'missing');
    const check = checkVm({ ...vm, adapters: [onIntel] }, odd).find((c) => c.id === 'adapter-gpu-exists')!;
    assert.equal(check.status, 'unknown');
    assert.match(check.detail, /could not be read/);
  });
});
