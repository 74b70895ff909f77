/**
 * Shapes a real host prints that the shared fixtures do not show (fixtures README, "Other shapes"):
 * Windows PowerShell 5.1 layout and escapes, enums as numbers, single objects, nulls, Count
 * wrappers, digit strings, Windows 10 hosts and SR-IOV GPU-P devices.
 */
import * as assert from 'node:assert/strict';
import { parseLosslessJson } from '../../../src/core/json/losslessJson';
import { normalizeAdapter, normalizeGpu, normalizeInventory, normalizeVm } from '../../../src/core/normalize/inventory';
import { intList, listOf, uint64, uint64OrNull } from '../../../src/core/normalize/fields';
import { rawAdapter, rawInventory, rawPartitionableGpu, rawSignedDriver, rawVm } from '../../../src/core/normalize/rawShapes';
import { ps51Json } from './ps51';

const GTX1060_PATH = String.raw`\\?\PCI#VEN_10DE&DEV_1C02&SUBSYS_11C210DE&REV_A1#4&275d7527&0&0010#{064092b3-625e-43bf-9eb5-dc845897dd59}\GPUPARAV`;
const GTX1060_DEVICE_ID = String.raw`PCI\VEN_10DE&DEV_1C02&SUBSYS_11C210DE&REV_A1\4&275D7527&0&0010`;
// NVIDIA A16 as a GPU-P (SR-IOV) device: no \GPUPARAV reference string.
const A16_PATH = String.raw`\\?\PCI#VEN_10DE&DEV_25B6&SUBSYS_14A910DE&REV_A1#6&2b2a2cb4&0&00000010#{064092b3-625e-43bf-9eb5-dc845897dd59}`;
const MAX = 18446744073709551615n;
const GB = 1_000_000_000n;

function gpu(name: string, overrides: Record<string, unknown> = {}) {
  return {
    Name: name,
    ValidPartitionCounts: [32],
    PartitionCount: 32,
    TotalVRAM: GB,
    AvailableVRAM: GB,
    MinPartitionVRAM: 0,
    MaxPartitionVRAM: GB,
    OptimalPartitionVRAM: GB,
    TotalEncode: MAX,
    AvailableEncode: MAX,
    MinPartitionEncode: 0,
    MaxPartitionEncode: MAX,
    OptimalPartitionEncode: MAX,
    TotalDecode: GB,
    AvailableDecode: GB,
    MinPartitionDecode: 0,
    MaxPartitionDecode: GB,
    OptimalPartitionDecode: GB,
    TotalCompute: GB,
    AvailableCompute: GB,
    MinPartitionCompute: 0,
    MaxPartitionCompute: GB,
    OptimalPartitionCompute: GB,
    ComputerName: 'WIN10HOST',
    IsDeleted: false,
    ...overrides,
  };
}

function vm(overrides: Record<string, unknown> = {}) {
  return {
    Name: 'Win10Guest',
    VMId: 'B3C1F0A2-6D4E-4F7A-8B9C-0D1E2F3A4B5C',
    State: 3,
    Generation: 2,
    Version: '9.0',
    CheckpointType: 3,
    AutomaticStopAction: 3,
    AutomaticStartAction: 2,
    DynamicMemoryEnabled: true,
    MemoryStartup: 4294967296,
    ProcessorCount: 4,
    GuestControlledCacheTypes: false,
    LowMemoryMappedIoSpace: 134217728,
    HighMemoryMappedIoSpace: 536870912,
    HighMemoryMappedIoBaseAddress: null,
    GpuPartitionAdapters: null,
    ...overrides,
  };
}

const WIN10_FACTS = {
  ComputerName: 'WIN10HOST',
  OsCaption: 'Microsoft Windows 10 Pro',
  OsBuild: 19045,
  OsEdition: 'Professional',
  PSVersion: '5.1.19041.5247',
  PSEdition: 'Desktop',
  HyperVModule: true,
  Elevated: true,
  HyperVAdministrator: false,
  InventoryCmdlet: 'Get-VMPartitionableGpu',
  SupportsInstancePath: false,
};

// An adapter on an early Windows 10 build: Hyper-V chose the GPU and reports no InstancePath.
const WIN10_ADAPTER = {
  MinPartitionVRAM: '80000000',
  MaxPartitionVRAM: '100000000',
  OptimalPartitionVRAM: '100000000',
  MinPartitionEncode: '9223372036854775808',
  MaxPartitionEncode: '18446744073709551615',
  OptimalPartitionEncode: '18446744073709551615',
  MinPartitionDecode: null,
  MaxPartitionDecode: null,
  OptimalPartitionDecode: null,
  MinPartitionCompute: null,
  MaxPartitionCompute: null,
  OptimalPartitionCompute: null,
  Name: 'GPU Partition Settings',
  Id: String.raw`Microsoft:B3C1F0A2-6D4E-4F7A-8B9C-0D1E2F3A4B5C\1F2E3D4C-5B6A-4798-8A7B-6C5D4E3F2A1B`,
  VMName: 'Win10Guest',
  IsDeleted: false,
};

describe('Windows PowerShell 5.1 and other constructed host shapes', () => {
  describe('the 5.1 layout', () => {
    it('the test helper prints what 5.1 prints (4-space steps, "key":  value, \\u0026, CRLF)', () => {
      const expected = [
        '{',
        String.raw`    "Name":  "\\\\?\\PCI#VEN_10DE\u0026DEV_1C02\u0026SUBSYS_11C210DE\u0026REV_A1#4\u0026275d7527\u00260\u00260010#{064092b3-625e-43bf-9eb5-dc845897dd59}\\GPUPARAV",`,
        '    "ValidPartitionCounts":  [',
        '                                 32',
        '                             ],',
        '    "PartitionCount":  32,',
        '    "TotalEncode":  18446744073709551615,',
        '    "IsDeleted":  false',
        '}',
      ].join('\r\n');
      const actual = ps51Json({ Name: GTX1060_PATH, ValidPartitionCounts: [32], PartitionCount: 32, TotalEncode: MAX, IsDeleted: false });
      assert.equal(actual, expected);
      assert.deepEqual(parseLosslessJson(expected), {
        Name: GTX1060_PATH,
        ValidPartitionCounts: [32],
        PartitionCount: 32,
        TotalEncode: MAX,
        IsDeleted: false,
      });
    });

    it('a whole Windows 10 inventory printed by 5.1: single objects, enums as numbers, \\u0026 paths, no InstancePath', () => {
      const text = ps51Json({
        Facts: WIN10_FACTS,
        VMs: vm({ State: 2, GpuPartitionAdapters: WIN10_ADAPTER }),
        Gpus: gpu(GTX1060_PATH, { ValidPartitionCounts: 32 }),
        Drivers: {
          DeviceID: GTX1060_DEVICE_ID,
          DeviceName: 'NVIDIA GeForce GTX 1060 3GB',
          Description: 'NVIDIA GeForce GTX 1060 3GB',
          DriverVersion: '31.0.15.5222',
          DriverProviderName: 'NVIDIA',
          Manufacturer: 'NVIDIA',
          InfName: 'oem7.inf',
        },
      });
      assert.match(text, /"Name": {2}"\\\\\\\\\?\\\\PCI#VEN_10DE\\u0026DEV_1C02/);
      assert.match(text, /\r\n {4}"Facts": {2}\{\r\n +"ComputerName": {2}"WIN10HOST"/);
      const inventory = normalizeInventory(rawInventory.parse(parseLosslessJson(text)));

      assert.equal(inventory.facts.inventoryCmdlet, 'Get-VMPartitionableGpu');
      assert.equal(inventory.facts.supportsInstancePath, false);
      assert.equal(inventory.facts.psEdition, 'Desktop');
      assert.equal(inventory.facts.osBuild, 19045);

      assert.equal(inventory.gpus.length, 1);
      const [g] = inventory.gpus;
      assert.equal(g!.instancePath, GTX1060_PATH);
      assert.deepEqual(g!.validPartitionCounts, [32]);
      assert.equal(g!.kind, 'gpu-pv');
      assert.equal(g!.friendlyName, 'NVIDIA GeForce GTX 1060 3GB');
      assert.equal(g!.driverVersion, '31.0.15.5222');
      assert.equal(g!.resources.Encode.total, MAX);

      assert.equal(inventory.vms.length, 1);
      const [v] = inventory.vms;
      assert.equal(v!.id, 'b3c1f0a2-6d4e-4f7a-8b9c-0d1e2f3a4b5c');
      assert.equal(v!.state, 'Running');
      assert.equal(v!.checkpointType, 'Production');
      assert.equal(v!.automaticStopAction, 'Save');
      assert.equal(v!.automaticStartAction, 'Nothing');
      assert.equal(v!.memoryStartup, 4294967296n);
      assert.equal(v!.highMemoryMappedIoBaseAddress, null);
      assert.equal(v!.adapters.length, 1);
      const [a] = v!.adapters;
      assert.equal(a!.instancePath, null);
      assert.deepEqual(a!.settings.VRAM, { min: 80000000n, max: 100000000n, optimal: 100000000n });
      assert.deepEqual(a!.settings.Encode, { min: 9223372036854775808n, max: MAX, optimal: MAX });
      assert.deepEqual(a!.settings.Decode, { min: null, max: null, optimal: null });
      assert.deepEqual(a!.current, { VRAM: null, Encode: null, Decode: null, Compute: null });
    });

    it('Windows 11 facts printed by PowerShell 7 keep the newer cmdlet and -InstancePath', () => {
      const facts = rawInventory.shape.Facts.parse({
        ...WIN10_FACTS,
        PSEdition: 'Core',
        PSVersion: '7.4.6',
        OsBuild: '26100',
        InventoryCmdlet: 'Get-VMHostPartitionableGpu',
        SupportsInstancePath: true,
      });
      assert.equal(facts.InventoryCmdlet, 'Get-VMHostPartitionableGpu');
      assert.equal(facts.SupportsInstancePath, true);
      assert.equal(facts.OsBuild, 26100);
      assert.equal(rawInventory.shape.Facts.parse({ ...WIN10_FACTS, InventoryCmdlet: null }).InventoryCmdlet, null);
    });
  });

  describe('enums as numbers (5.1) and as names', () => {
    it('a 5.1 Get-VM with numeric enums normalises like the string-enum fixture', () => {
      const fromNumbers = normalizeVm(
        rawVm.parse(parseLosslessJson(ps51Json(vm({ State: 32786, CheckpointType: 2, AutomaticStopAction: 4, AutomaticStartAction: 3 })))),
      );
      const fromNames = normalizeVm(
        rawVm.parse(
          vm({ State: 'OffCritical', CheckpointType: 'Disabled', AutomaticStopAction: 'ShutDown', AutomaticStartAction: 'StartIfRunning' }),
        ),
      );
      assert.deepEqual(fromNumbers, fromNames);
      assert.equal(fromNumbers.state, 'Off');
      assert.equal(fromNumbers.stateCritical, true);
      assert.equal(fromNumbers.checkpointType, 'Disabled');
    });
  });

  describe('pipeline shapes: one object, nothing, Count wrappers', () => {
    const driver = { DeviceID: GTX1060_DEVICE_ID, DeviceName: 'NVIDIA GeForce GTX 1060 3GB', Manufacturer: 'NVIDIA' };

    function inventory(VMs: unknown, Gpus: unknown, Drivers: unknown) {
      return normalizeInventory(rawInventory.parse(parseLosslessJson(ps51Json({ Facts: WIN10_FACTS, VMs, Gpus, Drivers }))));
    }

    it('null (an empty pipeline) is an empty list for VMs, Gpus, Drivers and adapters', () => {
      const inv = inventory(null, null, null);
      assert.deepEqual([inv.vms, inv.gpus], [[], []]);
      assert.deepEqual(rawInventory.parse({ Facts: WIN10_FACTS }).VMs, { ok: [], invalid: [] }, 'a property that is absent altogether');
      assert.deepEqual(normalizeVm(rawVm.parse(vm({ GpuPartitionAdapters: null }))).adapters, []);
      assert.deepEqual(normalizeVm(rawVm.parse(vm({ GpuPartitionAdapters: [] }))).adapters, []);
    });

    it('one object instead of a one-element array, for every list', () => {
      const inv = inventory(vm({ GpuPartitionAdapters: WIN10_ADAPTER }), gpu(GTX1060_PATH), driver);
      assert.equal(inv.vms.length, 1);
      assert.equal(inv.vms[0]!.adapters.length, 1);
      assert.equal(inv.gpus.length, 1);
      assert.equal(inv.gpus[0]!.friendlyName, 'NVIDIA GeForce GTX 1060 3GB');
    });

    it('the 5.1 {"value": [...], "Count": n} wrapper, for every list', () => {
      const wrap = (items: unknown[]) => ({ value: items, Count: items.length });
      const second = vm({ Name: 'Another', VMId: '11111111-2222-4333-8444-555555555555' });
      const inv = inventory(
        wrap([vm({ GpuPartitionAdapters: wrap([WIN10_ADAPTER]) }), second]),
        wrap([gpu(GTX1060_PATH, { ValidPartitionCounts: wrap([32]) })]),
        wrap([driver]),
      );
      assert.deepEqual(
        inv.vms.map((v) => v.name),
        ['Another', 'Win10Guest'],
      );
      assert.equal(inv.vms[1]!.adapters.length, 1);
      assert.equal(inv.vms[1]!.adapters[0]!.settings.Encode.max, MAX);
      assert.deepEqual(inv.gpus[0]!.validPartitionCounts, [32]);
      assert.equal(inv.gpus[0]!.friendlyName, 'NVIDIA GeForce GTX 1060 3GB');
      assert.deepEqual(inventory(wrap([]), wrap([]), wrap([])).vms, []);
    });

    it('ValidPartitionCounts as a bare number, a digit string, an array or a wrapper', () => {
      assert.deepEqual(intList.parse(32), [32]);
      assert.deepEqual(intList.parse('32'), [32]);
      assert.deepEqual(intList.parse([16, 8, 4, 2]), [16, 8, 4, 2]);
      assert.deepEqual(intList.parse({ value: [16, 8], Count: 2 }), [16, 8]);
      assert.deepEqual(intList.parse(null), []);
      assert.equal(intList.safeParse('thirty-two').success, false);
      assert.deepEqual(
        normalizeGpu(rawPartitionableGpu.parse(gpu(GTX1060_PATH, { ValidPartitionCounts: 32 })), []).validPartitionCounts,
        [32],
      );
    });

    it('an object that merely has a value and a Count property is one item, not a wrapper', () => {
      const loose = listOf(rawSignedDriver);
      assert.deepEqual(
        loose.parse({ DeviceID: 'X', value: [1], Count: 1 }).map((d) => d.DeviceID),
        ['X'],
      );
    });
  });

  describe('odd entries in 5.1 shapes', () => {
    const driver = { DeviceID: GTX1060_DEVICE_ID, DeviceName: 'NVIDIA GeForce GTX 1060 3GB', Manufacturer: 'NVIDIA' };
    const wrap = (items: unknown[]) => ({ value: items, Count: items.length });
    const ODD_ADAPTER = { ...WIN10_ADAPTER, Id: null, MaxPartitionVRAM: 'lots' };

    function inventory(VMs: unknown, Gpus: unknown, Drivers: unknown = driver) {
      return normalizeInventory(rawInventory.parse(parseLosslessJson(ps51Json({ Facts: WIN10_FACTS, VMs, Gpus, Drivers }))));
    }

    it('one odd object instead of an array is one invalid entry, for VMs and GPUs alike', () => {
      const inv = inventory(vm({ MemoryStartup: null }), gpu(GTX1060_PATH, { PartitionCount: null }));
      assert.deepEqual([inv.vms, inv.gpus], [[], []]);
      assert.deepEqual(
        inv.invalid.map((e) => [e.kind, e.index, e.name ?? e.id, e.problems[0]!.path, e.problems[0]!.raw]),
        [
          ['vm', 0, 'Win10Guest', 'MemoryStartup', 'null'],
          ['gpu', 0, GTX1060_PATH, 'PartitionCount', 'null'],
        ],
      );
    });

    it('in a {"value": [...], "Count": n} wrapper the odd entry is set apart and the others are read', () => {
      const second = vm({ Name: 'Another', VMId: '11111111-2222-4333-8444-555555555555' });
      const inv = inventory(
        wrap([vm({ GpuPartitionAdapters: wrap([ODD_ADAPTER, WIN10_ADAPTER]) }), vm({ Name: 'Odd', Generation: 'two' }), second]),
        wrap([gpu(GTX1060_PATH), gpu(GTX1060_PATH.replace('GPUPARAV', 'GPUPARAV2'), { TotalVRAM: -1 })]),
        wrap([driver, { DeviceName: 'no id' }]),
      );
      assert.deepEqual(
        inv.vms.map((v) => v.name),
        ['Another', 'Win10Guest'],
      );
      const guest = inv.vms[1]!;
      assert.equal(guest.adapters.length, 1);
      assert.deepEqual(
        guest.invalidAdapters[0]!.problems.map((p) => [p.path, p.raw]),
        [
          ['Id', 'null'],
          ['MaxPartitionVRAM', '"lots"'],
        ],
      );
      assert.equal(inv.gpus.length, 1);
      assert.equal(inv.gpus[0]!.friendlyName, 'NVIDIA GeForce GTX 1060 3GB', 'the readable driver record still names its GPU');
      assert.deepEqual(
        inv.invalid.map((e) => [e.kind, e.index, e.problems[0]!.path]),
        [
          ['vm', 1, 'Generation'],
          ['gpu', 1, 'TotalVRAM'],
          ['driver', 1, 'DeviceID'],
        ],
      );
    });

    it('an odd number inside a wrapped ValidPartitionCounts names its place and raw value', () => {
      const inv = inventory(null, gpu(GTX1060_PATH, { ValidPartitionCounts: wrap([16, 'eight']) }));
      assert.deepEqual(
        inv.invalid.map((e) => e.problems.map((p) => [p.path, p.raw])),
        [[['ValidPartitionCounts.1', '"eight"']]],
      );
    });
  });

  describe('UInt64 values', () => {
    it('accepts numbers, bigints and digit strings exactly', () => {
      assert.equal(uint64.parse('18446744073709551615'), MAX);
      assert.equal(uint64.parse('9223372036854775808'), 9223372036854775808n);
      assert.equal(uint64.parse(MAX), MAX);
      assert.equal(uint64.parse(1000000000), 1000000000n);
      assert.equal(uint64.parse('0'), 0n);
    });

    it('prints never-set values as null: null where allowed, an error where the value is required', () => {
      assert.equal(uint64OrNull.parse(null), null);
      assert.equal(uint64OrNull.parse(undefined), null);
      assert.equal(uint64.safeParse(null).success, false);
      assert.equal(rawPartitionableGpu.safeParse(gpu(GTX1060_PATH, { TotalVRAM: null })).success, false);
      assert.equal(normalizeAdapter(rawAdapter.parse({ ...WIN10_ADAPTER, MinPartitionVRAM: null })).settings.VRAM.min, null);
    });

    it('rejects a value above 2^64-1, as number, bigint or digit string', () => {
      for (const v of [parseLosslessJson('18446744073709551616'), 1n << 64n, '18446744073709551616', '99999999999999999999999']) {
        const r = uint64OrNull.safeParse(v);
        assert.equal(r.success, false, String(v));
        assert.match(r.error!.issues[0]!.message, /UInt64/);
      }
      assert.equal(rawAdapter.safeParse({ ...WIN10_ADAPTER, MaxPartitionEncode: 1n << 64n }).success, false);
      // What a naive JSON.parse would hand over for 2^64-1: a number that is 2^64. It is refused, not kept wrong.
      assert.equal(uint64OrNull.safeParse(JSON.parse('18446744073709551615')).success, false);
    });

    it('rejects negative, fractional and non-numeric values', () => {
      for (const v of [-1, parseLosslessJson('-18446744073709551615'), -1n, '-1', 1.5, '1.5', '1e3', ' 1', '', 'abc', true, {}]) {
        assert.equal(uint64OrNull.safeParse(v).success, false, `${typeof v} ${String(v)}`);
      }
    });
  });

  describe('real units and SR-IOV', () => {
    it('an SR-IOV GPU-P device (no \\GPUPARAV) with several valid counts, Available < Total and small real units', () => {
      const a16 = gpu(A16_PATH, {
        ValidPartitionCounts: [16, 8, 4, 2, 1],
        PartitionCount: 4,
        TotalVRAM: 16106127360,
        AvailableVRAM: 4026531840,
        MinPartitionVRAM: 1006632960,
        MaxPartitionVRAM: 16106127360,
        OptimalPartitionVRAM: 4026531840,
        TotalEncode: 20,
        AvailableEncode: 5,
        MinPartitionEncode: 1,
        MaxPartitionEncode: 20,
        OptimalPartitionEncode: 5,
        TotalDecode: 32,
        AvailableDecode: 8,
        MinPartitionDecode: 2,
        MaxPartitionDecode: 32,
        OptimalPartitionDecode: 8,
        TotalCompute: 100,
        AvailableCompute: 25,
        MinPartitionCompute: 6,
        MaxPartitionCompute: 100,
        OptimalPartitionCompute: 25,
      });
      const g = normalizeGpu(rawPartitionableGpu.parse(parseLosslessJson(ps51Json(a16))), []);
      assert.equal(g.kind, 'sr-iov');
      assert.equal(g.vendor, 'NVIDIA');
      assert.deepEqual(g.validPartitionCounts, [16, 8, 4, 2, 1]);
      assert.equal(g.partitionCount, 4);
      assert.deepEqual(g.resources.Encode, { total: 20n, available: 5n, min: 1n, max: 20n, optimal: 5n });
      assert.equal(g.resources.VRAM.total, 16106127360n);
      for (const capacity of Object.values(g.resources)) assert.ok(capacity.available < capacity.total);
    });
  });

  describe('adapters without an InstancePath', () => {
    for (const [label, value] of [
      ['absent', undefined],
      ['null', null],
      ['empty', ''],
    ] as const) {
      it(`InstancePath ${label} -> null`, () => {
        const raw: Record<string, unknown> = { ...WIN10_ADAPTER };
        if (value !== undefined) raw.InstancePath = value;
        assert.equal(normalizeAdapter(rawAdapter.parse(raw)).instancePath, null);
      });
    }
  });
});
