/** Each shared fixture through its raw schema and normalize function. */
import * as assert from 'node:assert/strict';
import { UINT64_MAX, type PartitionableGpu } from '../../../src/core/model';
import { deviceIdFromInstancePath } from '../../../src/core/gpuIdentity';
import { normalizeAdapter, normalizeGpu, normalizeVm } from '../../../src/core/normalize/inventory';
import { rawAdapter, rawPartitionableGpu, rawSignedDriver, rawVm } from '../../../src/core/normalize/rawShapes';
import { asRecord, FIXTURE, fixture } from '../../support/fixtures';

const RTX3060_PATH = String.raw`\\?\PCI#VEN_10DE&DEV_2504&SUBSYS_153610DE&REV_A1#4&1c5d7d4&0&0009#{064092b3-625e-43bf-9eb5-dc845897dd59}\GPUPARAV`;
const GTX1060_PATH = String.raw`\\?\PCI#VEN_10DE&DEV_1C02&SUBSYS_11C210DE&REV_A1#4&275d7527&0&0010#{064092b3-625e-43bf-9eb5-dc845897dd59}\GPUPARAV`;
const NORMALISED = 1_000_000_000n;

function assertGpuPvPlaceholderCapacities(gpu: PartitionableGpu): void {
  assert.deepEqual(gpu.validPartitionCounts, [32]);
  assert.equal(gpu.partitionCount, 32);
  for (const kind of ['VRAM', 'Decode', 'Compute'] as const) {
    assert.deepEqual(
      gpu.resources[kind],
      { total: NORMALISED, available: NORMALISED, min: 0n, max: NORMALISED, optimal: NORMALISED },
      kind,
    );
  }
  assert.deepEqual(gpu.resources.Encode, { total: UINT64_MAX, available: UINT64_MAX, min: 0n, max: UINT64_MAX, optimal: UINT64_MAX });
  assert.equal(gpu.resources.Encode.total, 18446744073709551615n);
  for (const capacity of Object.values(gpu.resources)) {
    for (const value of Object.values(capacity)) assert.equal(typeof value, 'bigint');
  }
}

describe('normalising the shared fixtures', () => {
  describe('Get-VMHostPartitionableGpu / Get-VMPartitionableGpu', () => {
    it('RTX 3060 (Windows 11 host) is a GPU-PV NVIDIA GPU with exact capacities', () => {
      const gpu = normalizeGpu(rawPartitionableGpu.parse(fixture(FIXTURE.rtx3060)), []);
      assert.equal(gpu.instancePath, RTX3060_PATH);
      assert.equal(gpu.kind, 'gpu-pv');
      assert.equal(gpu.vendor, 'NVIDIA');
      assert.equal(gpu.friendlyName, null, 'no driver record given');
      assert.equal(gpu.driverVersion, null);
      assertGpuPvPlaceholderCapacities(gpu);
    });

    it('GTX 1060 (Microsoft doc, Get-VMPartitionableGpu) has the same property set and normalises the same way', () => {
      const gpu = normalizeGpu(rawPartitionableGpu.parse(fixture(FIXTURE.gtx1060)), []);
      assert.equal(gpu.instancePath, GTX1060_PATH);
      assert.equal(gpu.kind, 'gpu-pv');
      assert.equal(gpu.vendor, 'NVIDIA');
      assertGpuPvPlaceholderCapacities(gpu);
    });
  });

  describe('Win32_PnPSignedDriver', () => {
    it('is matched to the RTX 3060 by the device id derived from its instance path', () => {
      const driver = rawSignedDriver.parse(fixture(FIXTURE.signedDriver));
      assert.equal(driver.DeviceID, deviceIdFromInstancePath(RTX3060_PATH));
      const gpu = normalizeGpu(rawPartitionableGpu.parse(fixture(FIXTURE.rtx3060)), [driver]);
      assert.equal(gpu.friendlyName, 'NVIDIA GeForce RTX 3060');
      assert.equal(gpu.driverVersion, '32.0.15.6094');
      assert.equal(gpu.infName, 'oem12.inf');
      assert.equal(gpu.driverProvider, 'NVIDIA');
      assert.equal(gpu.vendor, 'NVIDIA');
    });

    it('is not attached to another GPU', () => {
      const driver = rawSignedDriver.parse(fixture(FIXTURE.signedDriver));
      const gtx = normalizeGpu(rawPartitionableGpu.parse(fixture(FIXTURE.gtx1060)), [driver]);
      assert.equal(gtx.friendlyName, null);
      assert.equal(gtx.driverVersion, null);
      assert.equal(gtx.infName, null);
    });

    it('turns the many null properties WMI prints into nulls, not strings', () => {
      const driver = rawSignedDriver.parse(fixture(FIXTURE.signedDriver));
      assert.equal(driver.DeviceName, 'NVIDIA GeForce RTX 3060');
      assert.equal((driver as Record<string, unknown>).FriendlyName, null);
    });
  });

  describe('Get-VMGpuPartitionAdapter', () => {
    it('an adapter added without sizes (Microsoft doc) has every setting null and nothing resolved', () => {
      const adapter = normalizeAdapter(rawAdapter.parse(fixture(FIXTURE.adapterUnset)));
      assert.equal(adapter.id, String.raw`Microsoft:9ABB95E2-D12D-43C3-B840-6F4A9CFB217B\929890BC-BB33-4687-BC1A-F72A4F1B3B3F`);
      assert.equal(adapter.instancePath, null);
      for (const kind of ['VRAM', 'Encode', 'Decode', 'Compute'] as const) {
        assert.deepEqual(adapter.settings[kind], { min: null, max: null, optimal: null }, kind);
        assert.equal(adapter.current[kind], null, kind);
      }
      assert.equal(adapter.partitionId, null);
      assert.equal(adapter.supportsOutgoingLiveMigration, null);
    });

    it('Easy-GPU-PV at 50%: 2^63 encode exact, current values and the pinned instance path', () => {
      const adapter = normalizeAdapter(rawAdapter.parse(fixture(FIXTURE.adapter50pct)));
      const half = 500_000_000n;
      assert.deepEqual(adapter.settings, {
        VRAM: { min: half, max: half, optimal: half },
        Encode: { min: 9223372036854775808n, max: 9223372036854775808n, optimal: 9223372036854775808n },
        Decode: { min: half, max: half, optimal: half },
        Compute: { min: half, max: half, optimal: half },
      });
      assert.deepEqual(adapter.current, { VRAM: NORMALISED, Encode: NORMALISED, Decode: NORMALISED, Compute: 0n });
      assert.equal(adapter.instancePath, RTX3060_PATH);
      assert.equal(adapter.partitionId, 0);
      assert.equal(adapter.supportsOutgoingLiveMigration, false);
      assert.equal(adapter.id, String.raw`Microsoft:5B1E6A3C-2F4D-4E8A-9C7B-0D1E2F3A4B5C\A1B2C3D4-E5F6-4789-8ABC-DEF012345678`);
    });
  });

  describe('Get-VM', () => {
    it('enums printed as strings become the domain names; sizes are bigints', () => {
      const vm = normalizeVm(rawVm.parse(fixture(FIXTURE.vm)));
      assert.deepEqual(vm, {
        id: '5b1e6a3c-2f4d-4e8a-9c7b-0d1e2f3a4b5c',
        name: 'GPUPV',
        state: 'Off',
        stateCritical: false,
        generation: 2,
        configurationVersion: '12.0',
        checkpointType: 'Disabled',
        automaticStopAction: 'ShutDown',
        automaticStartAction: 'StartIfRunning',
        dynamicMemoryEnabled: false,
        memoryStartup: 8n * 1024n ** 3n,
        processorCount: 4,
        guestControlledCacheTypes: true,
        lowMemoryMappedIoSpace: 3n * 1024n ** 3n,
        highMemoryMappedIoSpace: 32n * 1024n ** 3n,
        highMemoryMappedIoBaseAddress: 68182605824n,
        adapters: [],
        invalidAdapters: [],
        driverSync: null,
      });
    });

    it("takes the adapter fixture as the VM's adapter list", () => {
      const raw = { ...asRecord(fixture(FIXTURE.vm)), GpuPartitionAdapters: [fixture(FIXTURE.adapter50pct)] };
      const vm = normalizeVm(rawVm.parse(raw));
      assert.equal(vm.adapters.length, 1);
      assert.equal(vm.adapters[0]!.settings.Encode.max, 9223372036854775808n);
      assert.equal(deviceIdFromInstancePath(vm.adapters[0]!.instancePath!), deviceIdFromInstancePath(RTX3060_PATH));
    });
  });
});
