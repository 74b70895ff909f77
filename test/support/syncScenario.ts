/** A small host for the driver-sync tests: one NVIDIA GPU and VMs in the situations a sync meets. */
import type { ScenarioInput } from '../../src/simulator/hyperv/state';

export const NVIDIA =
  '\\\\?\\PCI#VEN_10DE&DEV_2504&SUBSYS_153610DE&REV_A1#4&1c5d7d4&0&0009#{064092b3-625e-43bf-9eb5-dc845897dd59}\\GPUPARAV';
export const PACKAGE = 'nv_dispi.inf_amd64_4bf4c17fa8a478b5';
export const UPDATED_PACKAGE = 'nv_dispi.inf_amd64_9a0b1c2d3e4f5061';

export const VM_IDS = {
  off: '11111111-1111-4111-8111-111111111111',
  running: '22222222-2222-4222-8222-222222222222',
  locked: '33333333-3333-4333-8333-333333333333',
  disks: '44444444-4444-4444-8444-444444444444',
  staleCopy: '55555555-5555-4555-8555-555555555555',
} as const;

const GUEST = { user: 'tester', password: 'S3cret!', osCaption: 'Microsoft Windows 11 Pro', osBuild: 26100 };
const adapter = [{ instancePath: NVIDIA }];
const vm = (name: string, vmId: string, extra: Record<string, unknown> = {}): ScenarioInput['vms'][number] =>
  ({
    name,
    vmId,
    state: 'Off',
    generation: 2,
    memoryStartup: 4294967296,
    guestControlledCacheTypes: true,
    highMemoryMappedIoSpace: 34359738368,
    adapters: adapter,
    guest: GUEST,
    ...extra,
  }) as ScenarioInput['vms'][number];

/** `smallPackage`: 30 files instead of the realistic 340, for tests that sync many times; `benchmark`: a package over 1 GB and 800 files. */
export function syncScenario(options: { readonly smallPackage?: boolean; readonly benchmark?: boolean } = {}): ScenarioInput {
  return {
    name: 'driver-sync',
    host: {
      computerName: 'SYNC-HOST',
      osCaption: 'Microsoft Windows 11 Pro',
      osBuild: 26100,
      osEdition: 'Professional',
      psEdition: 'Core',
      psVersion: '7.4.6',
      elevated: true,
      cpuPhysicalAddressBits: 46,
    },
    gpus: [
      {
        instancePath: NVIDIA,
        friendlyName: 'NVIDIA GeForce RTX 3060',
        manufacturer: 'NVIDIA',
        driverProvider: 'NVIDIA',
        driverVersion: '32.0.15.6094',
        driverDate: '2024-08-20',
        infName: 'oem12.inf',
        driverPackage: PACKAGE,
        ...(options.smallPackage ? { packageFiles: Array.from({ length: 30 }, (_, i) => `lib/part${i}.dll`) } : {}),
        ...(options.benchmark ? { packageProfile: 'benchmark' as const } : {}),
        validPartitionCounts: [32],
        partitionCount: 32,
      },
    ],
    vms: [
      vm('Off-VM', VM_IDS.off),
      vm('Running-VM', VM_IDS.running, { state: 'Running' }),
      vm('Locked-VM', VM_IDS.locked, { disks: [{ path: 'D:\\VMs\\Locked-VM\\os.vhdx', holdsWindows: true, bitLocker: 'Locked' }] }),
      vm('Three-Disks-VM', VM_IDS.disks, {
        disks: [
          { path: 'D:\\VMs\\Three\\data1.vhdx', holdsWindows: false },
          { path: 'D:\\VMs\\Three\\scratch.vhdx', holdsWindows: false },
          { path: 'D:\\VMs\\Three\\os.vhdx', holdsWindows: true, bitLocker: 'Unlocked' },
        ],
      }),
      // A copy made by hand from an older host driver: same INF, another folder hash, no manifest.
      vm('Stale-Copy-VM', VM_IDS.staleCopy, {
        guest: { ...GUEST, hostDriverStore: [{ package: 'nv_dispi.inf_amd64_0000111122223333', content: 'stale' }] },
      }),
    ],
  };
}
