/**
 * Every rule that classifies what a host reports, held to each form the public record shows: one
 * test per documented form, its source in the title or a comment. Where a rule misread a form, the
 * test names what changed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { powershellPreview } from '../../../src/core/actions/powershellPreview';
import { gpuDevices, isWindows10Host } from '../../../src/core/diagnosis/checklist';
import { deviceIdFromInstancePath, fallbackGpuLabel, partitioningKind, vendorFromInstancePath } from '../../../src/core/gpuIdentity';
import { vmStateText, type HostFacts } from '../../../src/core/model';
import { parseEntry } from '../../../src/core/normalize/entries';
import { normalizeGuestDisplay, rawGuestDisplay } from '../../../src/core/normalize/guestDevices';
import { intList } from '../../../src/core/normalize/fields';
import { normalizeAdapter, normalizeHostFacts, normalizeVm } from '../../../src/core/normalize/inventory';
import {
  automaticStartAction,
  automaticStopAction,
  checkpointType,
  rawAdapter,
  rawHostFacts,
  rawVm,
  vmState,
} from '../../../src/core/normalize/rawShapes';
import { gpuOfAdapter } from '../../../src/core/rules/partitionUsage';
import { OPERATIONS } from '../../../src/host/protocol';
import { repositoryRoot } from '../../support/fixtures';

/** A private function's source file in the module's layout. */
function moduleSource(area: string, file: string): string {
  return path.join(repositoryRoot(), 'src', 'powershell', 'GpuPv', 'Private', area, file);
}

const GUID = '{064092b3-625e-43bf-9eb5-dc845897dd59}';
const PCI_DISPLAY_CLASS = '{4d36e968-e325-11ce-bfc1-08002be10318}';
const ADAPTER_ID = String.raw`Microsoft:9ABB95E2-D12D-43C3-B840-6F4A9CFB217B\929890BC-BB33-4687-BC1A-F72A4F1B3B3F`;

function vm(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Name: 'Doc VM',
    VMId: '9abb95e2-d12d-43c3-b840-6f4a9cfb217b',
    State: 'Off',
    Generation: 2,
    Version: '12.0',
    CheckpointType: 'Disabled',
    AutomaticStopAction: 'ShutDown',
    AutomaticStartAction: 'Nothing',
    DynamicMemoryEnabled: false,
    MemoryStartup: 8589934592,
    ProcessorCount: 4,
    GuestControlledCacheTypes: true,
    LowMemoryMappedIoSpace: 1073741824,
    HighMemoryMappedIoSpace: 34359738368,
    HighMemoryMappedIoBaseAddress: null,
    GpuPartitionAdapters: [],
    ...overrides,
  };
}

describe('documented forms of what a host reports', () => {
  // Microsoft.HyperV.PowerShell.VMState as the Hyper-V module (2.0.0.0) defines it on current Windows,
  // read from the module's public type stubs; eryph-org/eryph (VirtualMachineState) notes that the
  // numbers from ForceReboot on differ on older Windows.
  describe('Get-VM State (Microsoft.HyperV.PowerShell.VMState)', () => {
    const PLAIN: Array<[number, string]> = [
      [1, 'Other'],
      [2, 'Running'],
      [3, 'Off'],
      [4, 'Stopping'],
      [6, 'Saved'],
      [9, 'Paused'],
      [10, 'Starting'],
      [11, 'Reset'],
      [32773, 'Saving'],
      [32776, 'Pausing'],
      [32777, 'Resuming'],
      [32779, 'FastSaved'],
      [32780, 'FastSaving'],
      [32781, 'ForceShutdown'],
      [32782, 'ForceReboot'],
      [32783, 'Hibernated'],
      [32784, 'ComponentServicing'],
    ];
    const CRITICAL = [
      'Running',
      'Off',
      'Stopping',
      'Saved',
      'Paused',
      'Starting',
      'Reset',
      'Saving',
      'Pausing',
      'Resuming',
      'FastSaved',
      'FastSaving',
    ];

    it('the names PowerShell 7 and .ToString() print, every value of the enum', () => {
      for (const [, name] of PLAIN) assert.deepEqual(vmState.parse(name), { state: name, critical: false }, name);
      assert.deepEqual(vmState.parse('running'), { state: 'Running', critical: false }, 'names are read case-insensitively');
    });

    it('the numbers Windows PowerShell 5.1 prints, every value of the enum (also as digit strings)', () => {
      for (const [n, name] of PLAIN) {
        assert.deepEqual(vmState.parse(n), { state: name, critical: false }, `State ${n}`);
        assert.deepEqual(vmState.parse(String(n)), { state: name, critical: false }, `State "${n}"`);
      }
    });

    it('ForceShutdown, ForceReboot and ComponentServicing are states of their own (they used to read as Other)', () => {
      assert.deepEqual(
        [32781, 32782, 32784].map((n) => vmState.parse(n).state),
        ['ForceShutdown', 'ForceReboot', 'ComponentServicing'],
      );
    });

    it('the *Critical states, 32785-32796 and their names, keep the plain state and say Critical as Hyper-V Manager does', () => {
      CRITICAL.forEach((name, i) => {
        assert.deepEqual(vmState.parse(32785 + i), { state: name, critical: true }, `State ${32785 + i}`);
        assert.deepEqual(vmState.parse(`${name}Critical`), { state: name, critical: true }, `${name}Critical`);
      });
      assert.equal(vmStateText({ state: 'Running', stateCritical: true }), 'Running-Critical');
    });

    it('an older host (Windows Server 2016: no Hibernated nor ComponentServicing) is read by name, which the module sends', () => {
      // There RunningCritical is 32783; the module prints .ToString(), so the name arrives, never that number.
      const module = fs.readFileSync(moduleSource('Inventory', 'ConvertTo-GpuPvVm.ps1'), 'utf8');
      assert.match(module, /State\s+=\s+\(ConvertTo-GpuPvEnumName -Value \$VM\.State\)/);
      assert.deepEqual(vmState.parse('RunningCritical'), { state: 'Running', critical: true });
      assert.deepEqual(vmState.parse(32783), { state: 'Hibernated', critical: false }, 'a number is read by the current enum');
    });

    it('a value the enum does not have is kept raw and shown as such (it used to read as Other)', () => {
      for (const raw of [0, 5, 12, 32797, 65535]) {
        const { state } = vmState.parse(raw);
        assert.deepEqual(state, { unknown: String(raw) });
        assert.equal(vmStateText({ state, stateCritical: false }), `state ${raw} (unknown)`);
      }
      for (const raw of ['Hibernating', 'constructor', '__proto__', 'Critical']) {
        assert.deepEqual(vmState.parse(raw).state, { unknown: raw }, raw);
      }
    });

    it('a missing, null or non-enum State makes the VM an invalid entry, never a guessed state', () => {
      for (const state of [null, undefined, 2.5, true, '', { value: 2 }]) {
        const entry = parseEntry(rawVm, 'vm', vm({ State: state }), 0);
        assert.equal(entry.ok, false, String(state));
        if (!entry.ok) assert.equal(entry.invalid.problems[0]!.path, 'State');
      }
    });
  });

  // The same type stubs: CheckpointType 2-5, StopAction 2-4, StartAction 2-4.
  describe('CheckpointType, AutomaticStopAction, AutomaticStartAction', () => {
    it('every value by name and by number', () => {
      const cases: Array<[{ parse(v: unknown): unknown }, Record<number, string>]> = [
        [checkpointType, { 2: 'Disabled', 3: 'Production', 4: 'ProductionOnly', 5: 'Standard' }],
        [automaticStopAction, { 2: 'TurnOff', 3: 'Save', 4: 'ShutDown' }],
        [automaticStartAction, { 2: 'Nothing', 3: 'StartIfRunning', 4: 'Start' }],
      ];
      for (const [schema, table] of cases) {
        for (const [n, name] of Object.entries(table)) {
          assert.equal(schema.parse(Number(n)), name);
          assert.equal(schema.parse(name), name);
          assert.equal(schema.parse(name.toLowerCase()), name);
        }
        assert.equal(schema.parse(null), null, 'absent from an older projection');
      }
    });

    it('a value we do not know is kept raw (it used to become null) and the readiness line says Unknown with it', () => {
      assert.deepEqual(checkpointType.parse(7), { unknown: '7' });
      assert.deepEqual(automaticStopAction.parse('Hibernate'), { unknown: 'Hibernate' });
      const parsed = normalizeVm(rawVm.parse(vm({ CheckpointType: 7 })));
      assert.deepEqual(parsed.checkpointType, { unknown: '7' });
    });
  });

  describe('partitioning kind from the instance path', () => {
    it('Microsoft Learn "GPU paravirtualization" (Get-VMPartitionableGpu, GTX 1060): \\GPUPARAV is GPU-PV', () => {
      const name = String.raw`\\?\PCI#VEN_10DE&DEV_1C02&SUBSYS_11C210DE&REV_A1#4&275d7527&0&0010#${GUID}\GPUPARAV`;
      assert.equal(partitioningKind(name), 'gpu-pv');
      assert.equal(deviceIdFromInstancePath(name), String.raw`PCI\VEN_10DE&DEV_1C02&SUBSYS_11C210DE&REV_A1\4&275D7527&0&0010`);
      assert.equal(vendorFromInstancePath(name), 'NVIDIA');
    });

    it('https://github.com/jamesstringer90/Easy-GPU-PV/issues/361 (RTX 3060, Windows 11): GPU-PV', () => {
      const name = String.raw`\\?\PCI#VEN_10DE&DEV_2504&SUBSYS_153610DE&REV_A1#4&1c5d7d4&0&0009#${GUID}\GPUPARAV`;
      assert.equal(partitioningKind(name), 'gpu-pv');
      assert.equal(fallbackGpuLabel(name), 'NVIDIA device 2504');
    });

    it('Microsoft Learn "Partition and assign GPUs to a virtual machine" (NVIDIA A2/A16 on Windows Server 2025): no suffix is SR-IOV', () => {
      for (const name of [
        String.raw`\\?\PCI#VEN_10DE&DEV_25B6&SUBSYS_157E10DE&REV_A1#4&18416dc3&0&0000#${GUID}`,
        String.raw`\\?\PCI#VEN_10DE&DEV_25B6&SUBSYS_157E10DE&REV_A1#4&5906f5e&0&0010#${GUID}`,
      ]) {
        assert.equal(partitioningKind(name), 'sr-iov', name);
        assert.equal(vendorFromInstancePath(name), 'NVIDIA');
        assert.match(deviceIdFromInstancePath(name)!, /^PCI\\VEN_10DE&DEV_25B6&SUBSYS_157E10DE&REV_A1\\4&/);
      }
    });

    it('the same page: Get-VMGpuPartitionAdapter reports the GPU name as InstancePath, with PartitionId and PartitionVfLuid', () => {
      const name = String.raw`\\?\PCI#VEN_10DE&DEV_25B6&SUBSYS_157E10DE&REV_A1#4&18416dc3&0&0000#${GUID}`;
      const adapter = normalizeAdapter(
        rawAdapter.parse({
          Id: ADAPTER_ID,
          InstancePath: name,
          PartitionId: 0,
          PartitionVfLuid: '10-973909323',
        }),
      );
      assert.equal(adapter.instancePath, name);
      assert.equal(adapter.partitionId, 0);
    });

    it('a public GPU-PV script builds -InstancePath from the PnP instance id in lower case: GPU-PV, matched to the GPU case-insensitively', () => {
      const lower = String.raw`\\?\pci#ven_10de&dev_2504&subsys_153610de&rev_a1#4&1c5d7d4&0&0009#${GUID}\GPUPARAV`;
      const listed = String.raw`\\?\PCI#VEN_10DE&DEV_2504&SUBSYS_153610DE&REV_A1#4&1c5d7d4&0&0009#${GUID}\GPUPARAV`;
      assert.equal(partitioningKind(lower), 'gpu-pv');
      assert.equal(deviceIdFromInstancePath(lower), deviceIdFromInstancePath(listed));
      const adapter = normalizeAdapter(rawAdapter.parse({ Id: ADAPTER_ID, InstancePath: lower }));
      const gpu = { instancePath: listed } as Parameters<typeof gpuOfAdapter>[1][number];
      assert.equal(gpuOfAdapter(adapter, [gpu]), gpu);
    });

    it('Get-VMPartitionableGpu output quoted in a public script (Intel UHD 630 iGPU, Windows 10): GPU-PV, vendor Intel', () => {
      const name = String.raw`\\?\PCI#VEN_8086&DEV_3EA0&SUBSYS_227917AA&REV_00#3&11583659&0&10#${GUID}\GPUPARAV`;
      assert.equal(partitioningKind(name), 'gpu-pv');
      assert.equal(vendorFromInstancePath(name), 'Intel');
      assert.equal(fallbackGpuLabel(name), 'Intel device 3EA0');
    });

    it('a reference string other than \\GPUPARAV is a kind we do not know (it used to read as SR-IOV, numbers enforced)', () => {
      for (const suffix of ['\\GPUPARAV2', '\\GPUPARAV\\extra', '\\GPUPV', '\\']) {
        assert.equal(partitioningKind(String.raw`\\?\PCI#VEN_10DE&DEV_2504#x#${GUID}` + suffix), 'unknown', suffix);
      }
    });

    it('a name that is no device interface path is a kind we do not know (it used to read as SR-IOV)', () => {
      for (const name of ['', 'GPU 0', String.raw`PCI\VEN_10DE&DEV_2504\4&1C5D7D4&0&0009`, String.raw`\\?\PCI#VEN_10DE&DEV_2504#${GUID}`]) {
        assert.equal(partitioningKind(name), 'unknown', name);
      }
    });
  });

  describe('vendor from VEN_xxxx', () => {
    it('NVIDIA 10DE, Intel 8086 and AMD 1002, in either case (a public GPU-P tool lists pci\\ven_1002&dev_744c)', () => {
      assert.equal(vendorFromInstancePath(String.raw`\\?\PCI#VEN_10DE&DEV_2504#x#${GUID}\GPUPARAV`), 'NVIDIA');
      assert.equal(vendorFromInstancePath(String.raw`\\?\PCI#VEN_8086&DEV_9B41#x#${GUID}\GPUPARAV`), 'Intel');
      assert.equal(vendorFromInstancePath(String.raw`\\?\pci#ven_1002&dev_744c#x#${GUID}\GPUPARAV`), 'AMD');
      assert.equal(fallbackGpuLabel(String.raw`\\?\pci#ven_1002&dev_744c#x#${GUID}\GPUPARAV`), 'AMD device 744C');
    });
  });

  describe('Windows 10 vs 11 cmdlets', () => {
    const facts = (overrides: Record<string, unknown>): HostFacts =>
      normalizeHostFacts(
        rawHostFacts.parse({
          ComputerName: 'HOST',
          OsCaption: 'Microsoft Windows 11 Pro',
          OsBuild: 26100,
          OsEdition: 'Professional',
          PSVersion: '5.1.26100.2161',
          PSEdition: 'Desktop',
          HyperVModule: true,
          Elevated: true,
          HyperVAdministrator: false,
          InventoryCmdlet: 'Get-VMHostPartitionableGpu',
          SupportsInstancePath: true,
          ...overrides,
        }),
      );
    const partitionCount = (windows10: boolean) =>
      powershellPreview({ kind: 'set-partition-count', gpu: { instancePath: 'GPU', label: 'GPU' }, count: 8, windows10 }).join('\n');

    it('https://github.com/DanielChrobak/Hyper-V-GPU-Paravirtualization-Manager/issues/3: Windows 10 has no Get-VMHostPartitionableGpu', () => {
      const win10 = facts({
        OsCaption: 'Microsoft Windows 10 Pro',
        OsBuild: 19045,
        InventoryCmdlet: 'Get-VMPartitionableGpu',
        SupportsInstancePath: false,
      });
      assert.equal(win10.inventoryCmdlet, 'Get-VMPartitionableGpu');
      assert.equal(isWindows10Host(win10), true);
      assert.match(
        partitionCount(win10.inventoryCmdlet === 'Get-VMPartitionableGpu'),
        /^Set-VMPartitionableGpu -Name 'GPU' -PartitionCount 8$/m,
      );
    });

    it('https://github.com/jamesstringer90/Easy-GPU-PV/issues/224: Windows 11 deprecates Get-VMPartitionableGpu, so the module asks for the new name first', () => {
      const module = fs.readFileSync(moduleSource('Inventory', 'Get-GpuPvInventoryCmdlet.ps1'), 'utf8');
      assert.match(module, /foreach \(\$name in @\('Get-VMHostPartitionableGpu', 'Get-VMPartitionableGpu'\)\)/);
      const win11 = facts({});
      assert.equal(isWindows10Host(win11), false);
      assert.match(partitionCount(false), /^Set-VMHostPartitionableGpu -Name 'GPU' -PartitionCount 8$/m);
    });

    it('Microsoft Learn Hyper-V module reference for Windows Server 2022 lists both cmdlets: Server 2022 (build 20348) is not Windows 10', () => {
      const server2022 = facts({ OsCaption: 'Microsoft Windows Server 2022 Datacenter', OsBuild: 20348, OsEdition: 'ServerDatacenter' });
      assert.equal(isWindows10Host(server2022), false);
    });

    it('Microsoft Learn "Msvm_PartitionableGpu": the partition counts are uint16, Set-VMHostPartitionableGpu -PartitionCount takes a UInt16', () => {
      // Format-List shortens the list ("{16, 8, 4, 2...}"); ConvertTo-Json prints it whole, or one number alone on 5.1.
      assert.deepEqual(intList.parse([16, 8, 4, 2, 1]), [16, 8, 4, 2, 1]);
      assert.deepEqual(intList.parse(32), [32]);
      const args = OPERATIONS['Set-GpuPartitionCount'].args;
      assert.equal(args.safeParse({ InstancePath: 'GPU', PartitionCount: 65535 }).success, true);
      assert.equal(args.safeParse({ InstancePath: 'GPU', PartitionCount: 65536 }).success, false);
    });
  });

  describe('adapter ids', () => {
    it('Microsoft Learn "Remove-VMGpuPartitionAdapter": -AdapterId takes the Id Get-VMGpuPartitionAdapter prints, Microsoft:<VMId>\\<GUID>', () => {
      assert.equal(normalizeAdapter(rawAdapter.parse({ Id: ADAPTER_ID })).id, ADAPTER_ID);
      const odd = parseEntry(rawAdapter, 'adapter', { Id: 'GPU Partition Settings' }, 0);
      assert.equal(odd.ok, false, 'an adapter -AdapterId cannot address is listed, never acted on');
    });
  });

  describe('the guest’s virtual render device', () => {
    function display(devices: unknown[], drivers: unknown[] = []) {
      return normalizeGuestDisplay(rawGuestDisplay.parse({ Devices: devices, Drivers: drivers }));
    }
    const VRD = String.raw`PCI\VEN_1414&DEV_008E&SUBSYS_00000000&REV_00\5&59D1A3C&0&0`;

    it('a public GPU-P diagnostic script: PCI\\VEN_1414&DEV_008E with service VirtualRender is the GPU-PV device', () => {
      const [device] = display([
        { Name: 'NVIDIA GeForce RTX 3060', PNPDeviceID: VRD, Service: 'VirtualRender', ConfigManagerErrorCode: 0 },
      ]).devices;
      assert.equal(device!.virtualRender, true);
    });

    it('Microsoft Learn "GPU paravirtualization": the guest device carries the host GPU’s name, so the name decides nothing', () => {
      const shown = display([
        { Name: 'NVIDIA GeForce RTX 3060', PNPDeviceID: VRD, Service: 'VirtualRender', PNPClass: 'Display' },
        { Name: 'NVIDIA GeForce RTX 3060', PNPDeviceID: String.raw`PCI\VEN_10DE&DEV_2504&SUBSYS_153610DE&REV_A1\4&1`, Service: null },
      ]);
      assert.deepEqual(
        shown.devices.map((d) => d.virtualRender),
        [true, false],
      );
    });

    it('public GPU-P notes: the device is driven by the inbox vrd.inf (provider Microsoft), joined from its driver record', () => {
      const [device] = display(
        [{ Name: 'NVIDIA GeForce RTX 4060 Ti', PNPDeviceID: VRD, Service: 'VirtualRender' }],
        [{ DeviceID: VRD.toLowerCase(), DriverProviderName: 'Microsoft', DriverVersion: '10.0.26100.1', InfName: 'vrd.inf' }],
      ).devices;
      assert.equal(device!.infName, 'vrd.inf');
      assert.equal(device!.driverProvider, 'Microsoft');
    });

    it('public GPU-P notes: a display node under another PCI id bound to VirtualRender counts as the render device', () => {
      const [device] = display([
        { Name: 'NVIDIA GeForce RTX 4060 Ti', PNPDeviceID: String.raw`PCI\VEN_8086&DEV_A703\3&11583659&0&10`, Service: 'VirtualRender' },
      ]).devices;
      assert.equal(device!.virtualRender, true);
    });

    it('the Hyper-V Video adapter (VMBUS, HyperVideo) and the Basic Render Driver are no GPU device', () => {
      const shown = display([
        {
          Name: 'Microsoft Hyper-V Video',
          PNPDeviceID: String.raw`VMBUS\{DA0A7802-E377-4AAC-8E77-0558EB1073F8}\{5620E0C7-8062-4DCE-AEB7-520C7EF76171}`,
          Service: 'HyperVideo',
          PNPClass: 'Display',
        },
        { Name: 'Microsoft Basic Render Driver', PNPDeviceID: String.raw`ROOT\BasicRender\0000`, Service: 'BasicRender' },
      ]);
      assert.deepEqual(gpuDevices(shown), []);
      assert.ok(shown.devices.every((d) => !d.virtualRender));
    });

    it('the id is matched whole, in any case: DEV_008E followed by & or \\, never a longer device id', () => {
      const ids = [
        VRD.toLowerCase(),
        'PCI\\VEN_1414&DEV_008E',
        'PCI\\VEN_1414&DEV_008EF\\1',
        `PCI\\VEN_1414&DEV_008F\\${PCI_DISPLAY_CLASS}`,
      ];
      assert.deepEqual(
        display(ids.map((id) => ({ Name: 'x', PNPDeviceID: id }))).devices.map((d) => d.virtualRender),
        [true, true, false, false],
      );
    });
  });
});
