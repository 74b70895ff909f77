/**
 * The Windows 11 workstation scenario with a host that reports some entries oddly, each in another
 * way (through the simulator's `reportedAs`, so the answer travels the production path):
 * - VM Build-Agent: MemoryStartup null (a null where a number belongs) -> an invalid entry;
 * - VM Sandbox-Saved: State 12 (an enum value we do not know) -> kept, "state 12 (unknown)";
 * - GPU Intel UHD 770: no PartitionCount (a property the driver does not report) -> an invalid entry;
 * - a third GPU whose instance path ends in \GPUPARAV2 (a new suffix) -> kept, partitioning unknown;
 * - GPU-Workstation's adapter: no Id (a property missing) -> an invalid adapter of a readable VM.
 */
import type { ScenarioInput } from '../../src/simulator/hyperv/state';
import { BUILT_IN_SCENARIOS } from '../../src/simulator/scenarios/builtIn';

export const ODD = {
  nullNumberVm: 'Build-Agent',
  unknownStateVm: 'Sandbox-Saved',
  missingPropertyGpu: 'Intel(R) UHD Graphics 770',
  newSuffixGpu: 'AMD Radeon RX 7900 XTX',
  newSuffixPath: String.raw`\\?\PCI#VEN_1002&DEV_744C&SUBSYS_471E1002&REV_C8#6&2f3c1d7&0&00000019#{064092b3-625e-43bf-9eb5-dc845897dd59}\GPUPARAV2`,
  oddAdapterVm: 'GPU-Workstation',
} as const;

interface Entry {
  name?: string;
  friendlyName?: string;
  [key: string]: unknown;
}

export function oddScenario(edition: 'Core' | 'Desktop' = 'Core'): ScenarioInput {
  const input = JSON.parse(JSON.stringify(BUILT_IN_SCENARIOS['win11-workstation'])) as {
    name: string;
    host: Record<string, unknown>;
    vms: Entry[];
    gpus: Entry[];
  };
  input.name = 'win11-workstation-odd';
  input.host.psEdition = edition;
  input.host.psVersion = edition === 'Core' ? '7.4.6' : '5.1.26100.2161';
  const vm = (name: string) => input.vms.find((v) => v.name === name)!;
  const gpu = (name: string) => input.gpus.find((g) => g.friendlyName === name)!;

  vm(ODD.nullNumberVm).reportedAs = { set: { MemoryStartup: null } };
  vm(ODD.unknownStateVm).reportedAs = { set: { State: edition === 'Core' ? '12' : 12 } };
  gpu(ODD.missingPropertyGpu).reportedAs = { omit: ['PartitionCount'] };
  input.gpus.push({
    ...gpu(ODD.missingPropertyGpu),
    reportedAs: undefined,
    instancePath: ODD.newSuffixPath,
    friendlyName: ODD.newSuffixGpu,
    manufacturer: 'Advanced Micro Devices, Inc.',
    driverProvider: 'Advanced Micro Devices, Inc.',
    driverVersion: '32.0.12019.1028',
    infName: 'oem44.inf',
    driverPackage: 'u0405473.inf_amd64_8c1a6d4a2c6f9e01',
    location: 'PCI bus 3, device 0, function 0',
  });
  const adapters = vm(ODD.oddAdapterVm).adapters as Entry[];
  adapters[0]!.reportedAs = { omit: ['Id'] };
  return input as unknown as ScenarioInput;
}
