import * as assert from 'node:assert/strict';
import { changedSettings, describeAction, requiresVmOff, type GpuPvAction } from '../../../src/core/actions/gpuPvAction';
import { planReadiness } from '../../../src/core/actions/readinessPlan';
import { fixedPartition, fixedPartitionText, shareSizes, sizesAreEnforced } from '../../../src/core/actions/sizing';
import { KeyedQueue } from '../../../src/core/keyedQueue';
import {
  GIB,
  RESOURCE_KINDS,
  UINT64_MAX,
  type PartitionableGpu,
  type ResourceCapacity,
  type VirtualMachine,
} from '../../../src/core/model';
import { scenario } from '../panel/helpers';

function gpu(kind: 'gpu-pv' | 'sr-iov', capacity: (k: string) => ResourceCapacity): PartitionableGpu {
  return {
    instancePath:
      kind === 'gpu-pv'
        ? '\\\\?\\PCI#VEN_10DE&DEV_2504#4&1&0&0009#{064092b3-625e-43bf-9eb5-dc845897dd59}\\GPUPARAV'
        : '\\\\?\\PCI#VEN_10DE&DEV_25B6#4&1&0&0010#{064092b3-625e-43bf-9eb5-dc845897dd59}',
    kind,
    vendor: 'NVIDIA',
    friendlyName: 'GPU',
    driverVersion: null,
    driverProvider: null,
    infName: null,
    validPartitionCounts: [32],
    partitionCount: 32,
    resources: Object.fromEntries(RESOURCE_KINDS.map((k) => [k, capacity(k)])) as PartitionableGpu['resources'],
  };
}

const placeholderGpu = gpu('gpu-pv', (k) =>
  k === 'Encode'
    ? { total: UINT64_MAX, available: UINT64_MAX, min: 0n, max: UINT64_MAX, optimal: UINT64_MAX }
    : { total: 1_000_000_000n, available: 1_000_000_000n, min: 0n, max: 1_000_000_000n, optimal: 1_000_000_000n },
);

function vm(overrides: Partial<VirtualMachine> = {}): VirtualMachine {
  return {
    id: '5b1e6a3c-2f4d-4e8a-9c7b-0d1e2f3a4b5c',
    name: 'GPUPV',
    state: 'Off',
    stateCritical: false,
    generation: 2,
    configurationVersion: '12.0',
    checkpointType: 'Standard',
    automaticStopAction: 'Save',
    automaticStartAction: 'Nothing',
    dynamicMemoryEnabled: true,
    memoryStartup: 8n * GIB,
    processorCount: 4,
    guestControlledCacheTypes: false,
    lowMemoryMappedIoSpace: 128n * 1024n * 1024n,
    highMemoryMappedIoSpace: 512n * 1024n * 1024n,
    highMemoryMappedIoBaseAddress: null,
    adapters: [],
    invalidAdapters: [],
    driverSync: null,
    ...overrides,
  };
}

describe('partition sizing', () => {
  it('computes a share of 2^64-1 exactly, which a float could not', () => {
    const sizes = shareSizes(placeholderGpu, 50);
    assert.equal(sizes.MaxPartitionEncode, UINT64_MAX / 2n);
    assert.equal(sizes.MaxPartitionEncode, 9223372036854775807n);
    assert.notEqual(BigInt(Math.floor(Number(UINT64_MAX) / 2)), 9223372036854775807n, 'floating point would have been wrong');
    assert.equal(sizes.MinPartitionVRAM, 500_000_000n);
    assert.equal(sizes.OptimalPartitionCompute, 500_000_000n);
  });

  it('clamps each value to the GPU’s per-partition minimum and maximum', () => {
    const tight = gpu('sr-iov', () => ({ total: 16_000n, available: 16_000n, min: 1_000n, max: 4_000n, optimal: 4_000n }));
    assert.equal(shareSizes(tight, 1).MaxPartitionVRAM, 1_000n, 'raised to the minimum');
    assert.equal(shareSizes(tight, 100).MaxPartitionVRAM, 4_000n, 'lowered to the maximum');
  });

  it('never passes 0 for a resource: it leaves it unset', () => {
    const noEncoder = gpu('sr-iov', (k) =>
      k === 'Encode'
        ? { total: 0n, available: 0n, min: 0n, max: 0n, optimal: 0n }
        : { total: 100n, available: 100n, min: 0n, max: 100n, optimal: 100n },
    );
    const sizes = shareSizes(noEncoder, 50);
    assert.equal(sizes.MaxPartitionEncode, undefined);
    assert.equal(sizes.MaxPartitionVRAM, 50n);
  });

  it('refuses shares outside 1-100 %', () => {
    assert.throws(() => shareSizes(placeholderGpu, 0), RangeError);
    assert.throws(() => shareSizes(placeholderGpu, 101), RangeError);
    assert.throws(() => shareSizes(placeholderGpu, 12.5), RangeError);
  });

  it('says SR-IOV numbers are enforced and GPU-PV placeholders are not', () => {
    assert.equal(sizesAreEnforced(placeholderGpu), false);
    assert.equal(sizesAreEnforced(gpu('sr-iov', () => ({ total: 1n, available: 1n, min: 0n, max: 1n, optimal: 1n }))), true);
  });
  describe('the size of a partition by GPU kind', () => {
    const server = scenario('server2025-sriov').inventory;
    const a16 = (count: number) => server.gpus.find((g) => g.friendlyName === 'NVIDIA A16' && g.partitionCount === count)!;

    it('an SR-IOV A16 of 16 or 8 partitions: fixed at 1/16 or 1/8 of its 16 GB, said plainly', () => {
      assert.deepEqual(fixedPartition(a16(16)), { partitionCount: 16, vram: GIB, totalVram: 16n * GIB });
      assert.deepEqual(fixedPartition(a16(8)), { partitionCount: 8, vram: 2n * GIB, totalVram: 16n * GIB });
      assert.equal(
        fixedPartitionText('NVIDIA A16', fixedPartition(a16(8))!),
        'A partition of NVIDIA A16 is fixed at 1/8 of the GPU (VRAM 2 GB of 16 GB): Hyper-V cuts an SR-IOV GPU into 8 equal partitions ' +
          'and gives each VM one. To change the size, change the GPU’s partition count (Set GPU Partition Count…, while no VM holds a partition).',
      );
    });

    it('it agrees with what the host reports for one partition (Min = Max = Optimal)', () => {
      for (const count of [16, 8]) {
        const { min, max, optimal } = a16(count).resources.VRAM;
        assert.deepEqual([min, max, optimal], Array(3).fill(fixedPartition(a16(count))!.vram));
      }
    });

    it('a GPU-PV GPU has no fixed size: 50%, 25%, 10% and 75% ask for different amounts', () => {
      const rtx = scenario('win11-workstation').inventory.gpus.find((g) => g.kind === 'gpu-pv')!;
      assert.equal(fixedPartition(rtx), undefined);
      assert.equal(fixedPartition(server.gpus.find((g) => g.kind === 'gpu-pv')!), undefined, 'the server’s Quadro is GPU-PV too');
      const vram = [50, 25, 10, 75].map((p) => shareSizes(rtx, p).MaxPartitionVRAM);
      assert.deepEqual(vram, [500_000_000n, 250_000_000n, 100_000_000n, 750_000_000n]);
    });
  });
});

describe('readiness plan', () => {
  const targets = { lowMmio: GIB, highMmio: 32n * GIB };

  it('lists every requirement a fresh VM misses, with from, to and why', () => {
    const plan = planReadiness(vm(), targets);
    assert.deepEqual(plan.settings, {
      GuestControlledCacheTypes: true,
      LowMemoryMappedIoSpace: GIB,
      HighMemoryMappedIoSpace: 32n * GIB,
      CheckpointType: 'Disabled',
      AutomaticStopAction: 'ShutDown',
      DynamicMemoryEnabled: false,
    });
    const mmio = plan.changes.find((c) => c.setting === 'HighMemoryMappedIoSpace')!;
    assert.equal(mmio.from, '512 MB');
    assert.equal(mmio.to, '32 GB');
    assert.match(mmio.why, /code 43/);
    assert.deepEqual(plan.blockers, []);
  });

  it('changes nothing on a VM that already meets the requirements', () => {
    const ready = vm({
      checkpointType: 'Disabled',
      automaticStopAction: 'ShutDown',
      dynamicMemoryEnabled: false,
      guestControlledCacheTypes: true,
      lowMemoryMappedIoSpace: 3n * GIB,
      highMemoryMappedIoSpace: 64n * GIB,
    });
    const plan = planReadiness(ready, targets);
    assert.deepEqual(plan.settings, {});
    assert.deepEqual(plan.changes, []);
  });

  it('never plans less than 8 GB of high MMIO, whatever the setting says', () => {
    assert.equal(planReadiness(vm(), { lowMmio: GIB, highMmio: 2n * GIB }).settings.HighMemoryMappedIoSpace, 8n * GIB);
  });

  it('reports a generation 1 VM as a blocker, not as a change', () => {
    const plan = planReadiness(vm({ generation: 1 }), targets);
    assert.equal(plan.blockers.length, 1);
    assert.match(plan.blockers[0]!, /generation 2/);
  });
});

describe('which actions need the VM off', () => {
  const ref = { id: '5b1e6a3c-2f4d-4e8a-9c7b-0d1e2f3a4b5c', name: 'GPUPV' };
  const cases: Array<[GpuPvAction, boolean]> = [
    [{ kind: 'assign-gpu', vm: ref, gpu: null, sizes: null }, true],
    [{ kind: 'remove-partition', vm: ref, adapterId: null }, true],
    [{ kind: 'configure-vm', vm: ref, settings: { HighMemoryMappedIoSpace: 8n * GIB } }, true],
    [{ kind: 'configure-vm', vm: ref, settings: { CheckpointType: 'Disabled' } }, false],
    [{ kind: 'configure-vm', vm: ref, settings: { AutomaticStopAction: 'ShutDown' } }, false],
    [{ kind: 'start-vm', vm: ref }, false],
  ];
  for (const [action, expected] of cases) {
    it(`${action.kind} ${JSON.stringify('settings' in action ? Object.keys(action.settings) : '')}: ${expected ? 'off' : 'any state'}`, () => {
      assert.equal(requiresVmOff(action), expected);
    });
  }
});

describe('per-VM action queue', () => {
  it('runs tasks of one key one at a time in order, and other keys alongside', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const task = (name: string, ms: number) => () => new Promise<void>((resolve) => setTimeout(() => (log.push(name), resolve()), ms));
    await Promise.all([queue.run('vm1', task('a1', 30)), queue.run('vm1', task('a2', 1)), queue.run('vm2', task('b1', 5))]);
    assert.deepEqual(log, ['b1', 'a1', 'a2']);
  });

  it('keeps going after a failed task', async () => {
    const queue = new KeyedQueue();
    await assert.rejects(queue.run('vm', () => Promise.reject(new Error('boom'))));
    assert.equal(await queue.run('vm', async () => 'next'), 'next');
  });
});

describe('a settings change counts only what changes', () => {
  it('drops the settings the VM already has, and says how many are left in words', () => {
    const current = vm({ lowMemoryMappedIoSpace: 128n * 1024n * 1024n, automaticStopAction: 'ShutDown' });
    const wanted = { LowMemoryMappedIoSpace: 128n * 1024n * 1024n, HighMemoryMappedIoSpace: 16n * GIB };
    const settings = changedSettings(current, wanted);
    assert.deepEqual(settings, { HighMemoryMappedIoSpace: 16n * GIB });
    assert.equal(
      describeAction({ kind: 'configure-vm', vm: { id: current.id, name: current.name }, settings }),
      'Change 1 setting of GPUPV',
    );
    const both = changedSettings(current, { CheckpointType: 'Disabled', AutomaticStopAction: 'ShutDown' });
    assert.deepEqual(both, { CheckpointType: 'Disabled' });
    assert.deepEqual(changedSettings(current, { AutomaticStopAction: 'ShutDown' }), {});
    const six = planReadiness(vm(), { lowMmio: GIB, highMmio: 32n * GIB }).settings;
    assert.equal(
      describeAction({ kind: 'configure-vm', vm: { id: current.id, name: 'X' }, settings: changedSettings(vm(), six) }),
      'Change 6 settings of X',
    );
  });
});
