import assert from 'node:assert/strict';
import { parseLosslessJson, stringifyLosslessJson, type JsonValue } from '../../../src/core/json/losslessJson';
import { UINT64_MAX } from '../../../src/core/model';
import { normalizeInventory } from '../../../src/core/normalize/inventory';
import { OPERATIONS, type Envelope } from '../../../src/host/protocol';
import { decodeReply } from '../../../src/host/wire';
import type { HyperVModel } from '../../../src/simulator/hyperv/model';
import type { HostState } from '../../../src/simulator/hyperv/state';
import { answerCall } from '../../../src/simulator/operations/answerCall';
import { encodeEnvelope, envelopeJson } from '../../../src/simulator/output/encode';
import { BUILT_IN_SCENARIO_NAMES } from '../../../src/simulator/scenarios/builtIn';
import { scenarioModel, vmByName } from './helpers';

type JsonObject = { [key: string]: JsonValue };

function inventoryJson(model: HyperVModel): { text: string; result: JsonObject } {
  const envelope = answerCall(model, 'Get-Inventory', {});
  assert.equal(envelope.ok, true, stringifyLosslessJson(envelope));
  const text = envelopeJson(envelope, model.state.host.psEdition);
  const parsed = parseLosslessJson(text) as { result: JsonObject };
  return { text, result: parsed.result };
}

function asEdition(edition: 'Desktop' | 'Core') {
  return (state: HostState) => {
    state.host.psEdition = edition;
  };
}

describe('simulator output shapes', () => {
  describe('Windows PowerShell 5.1 (Desktop)', () => {
    it('prints enums as numbers (State, CheckpointType, AutomaticStopAction, AutomaticStartAction)', () => {
      const { result } = inventoryJson(scenarioModel('server2025-sriov'));
      const vms = result.VMs as JsonObject[];
      const vdi1 = vms.find((vm) => vm.Name === 'VDI-01')!;
      const vdi3 = vms.find((vm) => vm.Name === 'VDI-03')!;
      assert.equal(vdi1.State, 2);
      assert.equal(vdi3.State, 3);
      assert.equal(vdi1.CheckpointType, 2);
      assert.equal(vdi1.AutomaticStopAction, 4);
      assert.equal(vdi1.AutomaticStartAction, 4);
    });

    it('maps every VM state and setting to its .NET number', () => {
      const model = scenarioModel('win11-workstation', asEdition('Desktop'));
      const states = Object.fromEntries((inventoryJson(model).result.VMs as JsonObject[]).map((vm) => [vm.Name as string, vm]));
      assert.equal(states['Sandbox-Saved']!.State, 6);
      assert.equal(states['Sandbox-Saved']!.CheckpointType, 5);
      assert.equal(states['Build-Agent']!.CheckpointType, 3);
      assert.equal(states['Build-Agent']!.AutomaticStopAction, 3);
      assert.equal(states['Build-Agent']!.AutomaticStartAction, 3);
      for (const [state, number] of [
        ['Paused', 9],
        ['Starting', 10],
        ['Stopping', 4],
      ] as const) {
        const m = scenarioModel('win11-workstation', (s) => {
          s.host.psEdition = 'Desktop';
          s.vms[0]!.state = state;
        });
        assert.equal((inventoryJson(m).result.VMs as JsonObject[])[0]!.State, number);
      }
    });

    it('prints a one-item list as the bare object (one VM on the laptop) and an empty one as null', () => {
      const { result } = inventoryJson(scenarioModel('win10-laptop'));
      assert.equal(Array.isArray(result.VMs), false);
      assert.equal((result.VMs as JsonObject).Name, "Tom's R&D VM");
      assert.equal(Array.isArray(result.Gpus), true, 'two GPUs stay an array');
      const empty = inventoryJson(scenarioModel('win10-laptop', (s) => void (s.vms = [])));
      assert.equal(empty.result.VMs, null);
    });

    it('prints a VM\'s GpuPartitionAdapters as {"value":[...],"Count":n}', () => {
      const { result } = inventoryJson(scenarioModel('win10-laptop'));
      const adapters = (result.VMs as JsonObject).GpuPartitionAdapters as JsonObject;
      assert.deepEqual(Object.keys(adapters), ['value', 'Count']);
      assert.equal(adapters.Count, 1);
      assert.equal((adapters.value as JsonValue[]).length, 1);
    });

    it("escapes & < > ' inside strings as \\u0026 \\u003c \\u003e \\u0027", () => {
      const model = scenarioModel('win10-laptop', (s) => {
        s.vms[0]!.name = "Tom's <R&D> VM";
      });
      const { text, result } = inventoryJson(model);
      assert.match(text, /"Name":"Tom\\u0027s \\u003cR\\u0026D\\u003e VM"/);
      assert.match(text, /VEN_8086\\u0026DEV_3E9B/);
      assert.doesNotMatch(text, /[&<>']/);
      assert.equal((result.VMs as JsonObject).Name, "Tom's <R&D> VM", 'the escapes decode to the same string');
    });

    it('Windows 10 answers through Get-VMPartitionableGpu without -InstancePath, and adapters carry the older property set', () => {
      const { result } = inventoryJson(scenarioModel('win10-laptop'));
      const facts = result.Facts as JsonObject;
      assert.equal(facts.InventoryCmdlet, 'Get-VMPartitionableGpu');
      assert.equal(facts.SupportsInstancePath, false);
      const adapter = (((result.VMs as JsonObject).GpuPartitionAdapters as JsonObject).value as JsonObject[])[0]!;
      assert.equal('InstancePath' in adapter, false);
      assert.equal('CurrentPartitionVRAM' in adapter, false);
      assert.equal('SupportsOutgoingLiveMigration' in adapter, false);
      assert.equal(adapter.Name, 'GPU Partition Settings');
    });

    it('prints a driver date as \\/Date(ms)\\/, PowerShell 7 as ISO 8601', () => {
      const desktop = inventoryJson(scenarioModel('win10-laptop')).result;
      assert.equal((desktop.Drivers as JsonObject[])[0]!.DriverDate, `/Date(${Date.UTC(2023, 1, 2)})/`);
      const core = inventoryJson(scenarioModel('win10-laptop', asEdition('Core'))).result;
      assert.equal((core.Drivers as JsonObject[])[0]!.DriverDate, '2023-02-02T00:00:00');
    });
  });

  describe('PowerShell 7 (Core)', () => {
    it('prints enums as names, lists as arrays (also with one or no item) and & unescaped', () => {
      const model = scenarioModel('win10-laptop', asEdition('Core'));
      const { text, result } = inventoryJson(model);
      const vms = result.VMs as JsonObject[];
      assert.equal(Array.isArray(vms), true);
      assert.equal(vms.length, 1);
      assert.equal(vms[0]!.State, 'Running');
      assert.equal(vms[0]!.CheckpointType, 'Disabled');
      assert.equal(vms[0]!.AutomaticStopAction, 'ShutDown');
      assert.equal(vms[0]!.AutomaticStartAction, 'Nothing');
      assert.equal(Array.isArray(vms[0]!.GpuPartitionAdapters), true);
      assert.match(text, /Tom's R&D VM/);
      const empty = inventoryJson(scenarioModel('win10-laptop', (s) => void ((s.host.psEdition = 'Core'), (s.vms = [])))).result;
      assert.deepEqual(empty.VMs, []);
    });
  });

  describe('values', () => {
    it('keeps UInt64 exact in the JSON text: TotalEncode 18446744073709551615 and a 2^63 adapter setting', () => {
      const { text } = inventoryJson(scenarioModel('win11-workstation'));
      assert.match(text, /"TotalEncode":18446744073709551615,/);
      assert.match(text, /"MinPartitionEncode":9223372036854775808,/);
    });

    it('resolves Current* values, PartitionId and PartitionVfLuid only while the VM runs', () => {
      const model = scenarioModel('win11-workstation');
      const vms = inventoryJson(model).result.VMs as JsonObject[];
      const running = (vms.find((vm) => vm.Name === 'GPU-Workstation')!.GpuPartitionAdapters as JsonObject[])[0]!;
      const off = (vms.find((vm) => vm.Name === 'Media-Encoder')!.GpuPartitionAdapters as JsonObject[])[0]!;
      assert.equal(running.CurrentPartitionVRAM, 1000000000);
      assert.equal(running.CurrentPartitionEncode, UINT64_MAX);
      assert.equal(running.PartitionId, 0);
      assert.match(String(running.PartitionVfLuid), /^0-\d+$/);
      assert.equal(running.SupportsOutgoingLiveMigration, false, 'GPU-PV partitions cannot live-migrate');
      for (const key of [
        'CurrentPartitionVRAM',
        'CurrentPartitionEncode',
        'CurrentPartitionDecode',
        'CurrentPartitionCompute',
        'PartitionId',
        'PartitionVfLuid',
      ]) {
        assert.equal(off[key], null, key);
      }
    });

    it('reports adapter ids Microsoft:<VMID upper>\\<GUID upper> and VMId lower case', () => {
      const model = scenarioModel('win11-workstation');
      const vm = vmByName(model, 'Media-Encoder');
      const adapter = (
        (inventoryJson(model).result.VMs as JsonObject[]).find((v) => v.Name === 'Media-Encoder')!.GpuPartitionAdapters as JsonObject[]
      )[0]!;
      assert.match(String(adapter.Id), new RegExp(`^Microsoft:${vm.vmId.toUpperCase()}\\\\[0-9A-F-]{36}$`));
      assert.equal(adapter.VMId, vm.vmId);
    });

    it('gives each GPU a Win32_PnPSignedDriver record whose DeviceID is derived from the instance path in upper case', () => {
      const drivers = inventoryJson(scenarioModel('win11-workstation')).result.Drivers as JsonObject[];
      assert.equal(drivers[0]!.DeviceID, 'PCI\\VEN_10DE&DEV_2504&SUBSYS_153610DE&REV_A1\\4&1C5D7D4&0&0009');
      assert.equal(drivers[0]!.DriverVersion, '32.0.15.6094');
      assert.equal(drivers[0]!.InfName, 'oem12.inf');
      assert.equal(drivers[0]!.HardWareID, 'PCI\\VEN_10DE&DEV_2504&SUBSYS_153610DE&REV_A1');
      assert.equal(drivers[0]!.CompatID, 'PCI\\VEN_10DE&DEV_2504&REV_A1');
    });

    it('SR-IOV adapters report their fixed partition as Current* and SupportsOutgoingLiveMigration true', () => {
      const vms = inventoryJson(scenarioModel('server2025-sriov', asEdition('Core'))).result.VMs as JsonObject[];
      const adapter = (vms.find((vm) => vm.Name === 'VDI-01')!.GpuPartitionAdapters as JsonObject[])[0]!;
      assert.equal(adapter.CurrentPartitionVRAM, 1024 ** 3);
      assert.equal(adapter.SupportsOutgoingLiveMigration, true);
    });
  });

  describe("through the protocol schema and the extension's normaliser", () => {
    for (const name of BUILT_IN_SCENARIO_NAMES) {
      for (const edition of ['Desktop', 'Core'] as const) {
        it(`${name} as ${edition}: Get-Inventory decodes, validates and normalises`, () => {
          const model = scenarioModel(name, asEdition(edition));
          const decoded = decodeReply(encodeEnvelope(answerCall(model, 'Get-Inventory', {}), edition));
          if (!decoded.ok) assert.fail(decoded.error.message);
          const envelope = decoded.value as Extract<Envelope, { ok: true }>;
          const inventory = normalizeInventory(OPERATIONS['Get-Inventory'].result.parse(envelope.result));
          assert.equal(inventory.vms.length, model.state.vms.length);
          assert.equal(inventory.gpus.length, model.state.gpus.length);
          for (const gpu of inventory.gpus) assert.ok(gpu.friendlyName && gpu.driverVersion, 'the driver record joined the GPU');
          assert.equal(inventory.facts.psEdition, edition);
        });
      }
    }

    it('win11: the RTX 3060 normalises with TotalEncode === 18446744073709551615n and VM states as strings', () => {
      const model = scenarioModel('win11-workstation');
      const envelope = answerCall(model, 'Get-Inventory', {}) as Extract<Envelope, { ok: true }>;
      const inventory = normalizeInventory(OPERATIONS['Get-Inventory'].result.parse(envelope.result));
      const rtx = inventory.gpus.find((gpu) => gpu.friendlyName === 'NVIDIA GeForce RTX 3060')!;
      assert.equal(rtx.resources.Encode.total, 18446744073709551615n);
      assert.equal(rtx.kind, 'gpu-pv');
      assert.equal(inventory.vms.find((vm) => vm.name === 'Sandbox-Saved')!.state, 'Saved');
    });

    it('win10: the adapter without reported instance path normalises to instancePath null', () => {
      const envelope = answerCall(scenarioModel('win10-laptop'), 'Get-Inventory', {}) as Extract<Envelope, { ok: true }>;
      const inventory = normalizeInventory(OPERATIONS['Get-Inventory'].result.parse(envelope.result));
      assert.equal(inventory.vms[0]!.adapters[0]!.instancePath, null);
      assert.equal(inventory.vms[0]!.name, "Tom's R&D VM");
    });
  });
});
