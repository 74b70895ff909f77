/**
 * Large, deterministic scenarios for benchmarks and tests: the same size always gives the same
 * host, byte for byte. A Windows 11 host (PowerShell 7) with GPU-PV cards of three vendors and VMs
 * cycling through the states and configurations the extension has to show.
 */
import { guidFrom } from '../hyperv/ids';
import type { ScenarioInput } from '../hyperv/state';

export interface GenerateOptions {
  readonly vms: number;
  readonly gpus: number;
  /** The size of each GPU's generated driver package: 'benchmark' is over 1 GB and 800 files (see disks/driverPackages.ts). */
  readonly packageProfile?: 'default' | 'benchmark';
}

const GPU_MODELS = [
  {
    vendor: '10DE',
    device: '2786',
    subsys: '17F110DE',
    rev: 'A1',
    name: 'NVIDIA GeForce RTX 4070',
    maker: 'NVIDIA',
    version: '32.0.15.6094',
    pkg: 'nv_dispi.inf_amd64',
  },
  {
    vendor: '1002',
    device: '747E',
    subsys: '0E3A1002',
    rev: 'C8',
    name: 'AMD Radeon RX 7800 XT',
    maker: 'Advanced Micro Devices, Inc.',
    version: '32.0.12011.1036',
    pkg: 'u0404562.inf_amd64',
  },
  {
    vendor: '8086',
    device: '56A0',
    subsys: '10208086',
    rev: '08',
    name: 'Intel(R) Arc(TM) A770 Graphics',
    maker: 'Intel Corporation',
    version: '32.0.101.6130',
    pkg: 'iigd_dch_d.inf_amd64',
  },
] as const;

type GpuInput = ScenarioInput['gpus'][number];
type VmInput = ScenarioInput['vms'][number];

const STATES = ['Off', 'Running', 'Off', 'Saved', 'Running', 'Paused'] as const;
const GIB = 1024 * 1024 * 1024;

function hex(seed: string, length: number): string {
  return guidFrom(seed).replace(/-/g, '').slice(0, length);
}

export function generateScenario({ vms, gpus, packageProfile }: GenerateOptions): ScenarioInput {
  if (!Number.isInteger(vms) || !Number.isInteger(gpus) || vms < 0 || gpus < 0)
    throw new RangeError('vms and gpus must be non-negative integers');
  const gpuList = Array.from({ length: gpus }, (_, i): GpuInput => {
    const model = GPU_MODELS[i % GPU_MODELS.length]!;
    const location = `4&${hex(`gpu/${i}/location`, 7)}&0&${(0x8 + i).toString(16).padStart(4, '0')}`;
    return {
      instancePath: `\\\\?\\PCI#VEN_${model.vendor}&DEV_${model.device}&SUBSYS_${model.subsys}&REV_${model.rev}#${location}#{064092b3-625e-43bf-9eb5-dc845897dd59}\\GPUPARAV`,
      friendlyName: model.name,
      manufacturer: model.maker,
      driverProvider: model.maker,
      driverVersion: model.version,
      driverDate: '2024-08-20',
      infName: `oem${12 + i}.inf`,
      driverPackage: `${model.pkg}_${hex(`gpu/${i}/package`, 16)}`,
      location: `PCI bus ${i + 1}, device 0, function 0`,
      validPartitionCounts: [32],
      partitionCount: 32,
      ...(packageProfile ? { packageProfile } : {}),
    };
  });
  const vmList = Array.from({ length: vms }, (_, i): VmInput => {
    const state = STATES[i % STATES.length]!;
    const vmId = guidFrom(`vm/${i}`);
    // Every other VM has a GPU partition, except saved ones (Hyper-V refuses to save those).
    const gpu = gpus > 0 && i % 2 === 1 && state !== 'Saved' ? gpuList[i % gpus]! : null;
    const ready = gpu !== null && i % 4 === 1;
    return {
      name: `VM-${String(i + 1).padStart(4, '0')}`,
      vmId,
      state,
      generation: i % 10 === 9 ? 1 : 2,
      version: '12.0',
      checkpointType: gpu ? 'Disabled' : 'Production',
      automaticStopAction: gpu ? 'ShutDown' : 'Save',
      memoryStartup: (2 + (i % 4) * 2) * GIB,
      processorCount: 1 + (i % 8),
      guestControlledCacheTypes: gpu !== null,
      lowMemoryMappedIoSpace: gpu ? GIB : 128 * 1024 * 1024,
      highMemoryMappedIoSpace: gpu ? (ready ? 32 : 4) * GIB : 512 * 1024 * 1024,
      adapters: gpu ? [{ instancePath: gpu.instancePath }] : [],
      guest: {
        user: 'user',
        password: 'gpupv',
        osCaption: 'Microsoft Windows 11 Pro',
        osBuild: 26100,
        hostDriverStore: ready ? [{ package: gpu.driverPackage, content: 'host-copy' }] : [],
      },
    };
  });
  return {
    name: `generated-${vms}x${gpus}${packageProfile === 'benchmark' ? '-benchmark-drivers' : ''}`,
    description: `Generated: ${vms} VMs, ${gpus} GPU-PV GPUs.`,
    host: {
      computerName: 'GPU-BENCH',
      osCaption: 'Microsoft Windows 11 Pro',
      osBuild: 26100,
      osEdition: 'Professional',
      psEdition: 'Core',
      psVersion: '7.4.6',
      elevated: true,
      cpuPhysicalAddressBits: 46,
    },
    gpus: gpuList,
    vms: vmList,
  };
}
