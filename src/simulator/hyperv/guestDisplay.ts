/**
 * The guest's display devices (Win32_PnPEntity, PNPClass 'Display'), derived from the VM's
 * configuration the way a GPU-PV guest ends up:
 * - "Microsoft Hyper-V Video" is always there;
 * - each GPU-PV adapter adds a Microsoft Virtual Render device named after the host GPU. It fails
 *   with code 43 when the high MMIO space is under 8 GB, write-combining (GuestControlledCacheTypes)
 *   is off, or the guest's HostDriverStore lacks the host's driver package or holds other bytes.
 * - an SR-IOV (GPU-P) partition shows the vendor's device; its guest runs the IHV's own guest
 *   driver, so only the memory-layout rules apply to it.
 */
import { deviceIdFromInstancePath, fallbackGpuLabel, partitioningKind, vendorFromInstancePath } from '../../core/gpuIdentity';
import { GIB } from '../../core/model';
import type { AdapterState, GpuState, VmState } from './state';

export interface GuestCredential {
  readonly user: string;
  readonly password: string;
}

/** How a guest's copy of a host driver package compares with the host's package. */
export type DriverCopyStatus = 'match' | 'missing' | 'different';

/** The guest's Windows\System32\HostDriverStore, as seen from the host (the simulator's disk directories). */
export interface GuestDriverStore {
  compare(vmId: string, driverPackage: string): DriverCopyStatus;
}

export interface GuestDisplayDevice {
  readonly Name: string;
  readonly PNPDeviceID: string;
  readonly PNPClass: 'Display';
  readonly ClassGuid: string;
  readonly Status: 'OK' | 'Error';
  readonly ConfigManagerErrorCode: number;
  readonly Present: boolean;
  readonly Service: string;
  readonly HardwareID: readonly string[];
}

const DISPLAY_CLASS_GUID = '{4d36e968-e325-11ce-bfc1-08002be10318}';
/** CM_PROB_FAILED_POST_START */
const CODE_43 = 43;
const MIN_HIGH_MMIO_FOR_GPU_PV = 8n * GIB;

const VIRTUAL_RENDER_HARDWARE_IDS = [
  'PCI\\VEN_1414&DEV_008E&SUBSYS_00000000&REV_00',
  'PCI\\VEN_1414&DEV_008E&SUBSYS_00000000',
  'PCI\\VEN_1414&DEV_008E&CC_030200',
  'PCI\\VEN_1414&DEV_008E&CC_0302',
];

/** The kernel-mode service of each vendor's own guest driver. */
const VENDOR_SERVICES: Record<string, string> = { NVIDIA: 'nvlddmkm', AMD: 'amdkmdag', Intel: 'igfxn' };

const HYPER_V_VIDEO: GuestDisplayDevice = {
  Name: 'Microsoft Hyper-V Video',
  PNPDeviceID: 'VMBUS\\{DA0A7802-E377-4AAC-8E77-0558EB1073F8}\\{5620E0C7-8062-4DCE-AEB7-520C7EF76171}',
  PNPClass: 'Display',
  ClassGuid: DISPLAY_CLASS_GUID,
  Status: 'OK',
  ConfigManagerErrorCode: 0,
  Present: true,
  Service: 'HyperVideo',
  HardwareID: ['VMBUS\\{da0a7802-e377-4aac-8e77-0558eb1073f8}'],
};

export function deriveGuestDisplayDevices(
  vm: VmState,
  gpuOf: (adapter: AdapterState) => GpuState | undefined,
  driverStore: GuestDriverStore,
): GuestDisplayDevice[] {
  const memoryLayoutOk = vm.highMemoryMappedIoSpace >= MIN_HIGH_MMIO_FOR_GPU_PV && vm.guestControlledCacheTypes;
  const partitions = vm.adapters.map((adapter, index): GuestDisplayDevice => {
    const gpu = gpuOf(adapter);
    if (gpu && partitioningKind(gpu.instancePath) === 'sr-iov') return vendorDevice(gpu, index, memoryLayoutOk);
    const driverOk = gpu !== undefined && driverStore.compare(vm.vmId, gpu.driverPackage) === 'match';
    const name = gpu?.friendlyName ?? fallbackGpuLabel(adapter.instancePath ?? '');
    return withProblem(
      {
        Name: name,
        PNPDeviceID: `PCI\\VEN_1414&DEV_008E&SUBSYS_00000000&REV_00\\5&59D1A3C&0&${index}`,
        PNPClass: 'Display',
        ClassGuid: DISPLAY_CLASS_GUID,
        Status: 'OK',
        ConfigManagerErrorCode: 0,
        Present: true,
        Service: 'VirtualRender',
        HardwareID: VIRTUAL_RENDER_HARDWARE_IDS,
      },
      memoryLayoutOk && driverOk,
    );
  });
  return [...partitions, HYPER_V_VIDEO];
}

function vendorDevice(gpu: GpuState, index: number, healthy: boolean): GuestDisplayDevice {
  const deviceId = deviceIdFromInstancePath(gpu.instancePath) ?? 'PCI\\VEN_0000&DEV_0000';
  const hardwareId = deviceId.slice(0, deviceId.indexOf('\\', 4));
  const withoutRevision = hardwareId.replace(/&REV_[0-9A-F]+$/i, '');
  const vendorAndDevice = hardwareId.replace(/&SUBSYS_.*$/i, '');
  return withProblem(
    {
      Name: gpu.friendlyName,
      PNPDeviceID: `${hardwareId}\\6&1A2B3C4D&0&${index}`,
      PNPClass: 'Display',
      ClassGuid: DISPLAY_CLASS_GUID,
      Status: 'OK',
      ConfigManagerErrorCode: 0,
      Present: true,
      Service: VENDOR_SERVICES[vendorFromInstancePath(gpu.instancePath) ?? ''] ?? 'BasicDisplay',
      HardwareID: [hardwareId, withoutRevision, `${vendorAndDevice}&CC_030200`, `${vendorAndDevice}&CC_0302`],
    },
    healthy,
  );
}

function withProblem(device: GuestDisplayDevice, healthy: boolean): GuestDisplayDevice {
  return healthy ? device : { ...device, Status: 'Error', ConfigManagerErrorCode: CODE_43 };
}
