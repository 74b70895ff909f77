/**
 * What the panel shows, computed from the host's inventory (and the guest's devices when they were
 * read): plain JSON for the page, every UInt64 as an exact digit string with its formatted text.
 * No vscode import: unit tests check it on the fixtures and the demo scenarios.
 */
import { diagnose, isServerHost, isWindows10Host, summarize, type GuestReading } from '../diagnosis/checklist';
import { formatBytes, formatCount, formatPercent, plural } from '../format';
import { availabilityText, resourceAmountExact, unitsText } from '../resourceText';
import { fallbackGpuLabel, gpuName, unknownPartitioningText } from '../gpuIdentity';
import {
  RESOURCE_KINDS,
  reportedText,
  vmStateText,
  type GpuPartitionAdapter,
  type HostInventory,
  type PartitionableGpu,
  type ResourceKind,
  type VirtualMachine,
} from '../model';
import { entryKindName, invalidEntryDetails, invalidEntryLabel, unreadableCountText } from '../invalidEntryText';
import type { InvalidEntry } from '../normalize/entries';
import type { GuestDisplayDevice } from '../normalize/guestDevices';
import { adapterGpuStatus, gpuOfAdapter, holdersOf, type AdapterGpuStatus } from '../rules/partitionUsage';
import type { RequirementId } from '../rules/requirementIds';
import { checkVm, readiness } from '../rules/requirements';
import { vmStatusText } from '../vmStatus';
import { driverRows } from './driverRows';
import type {
  AdapterView,
  GpuView,
  GuestDeviceView,
  GuestView,
  HostView,
  PanelModel,
  PanelTarget,
  SettingRow,
  ShareView,
  VmView,
} from './panelModel';
import { primaryAction, vmActions } from './vmActions';

export function enforcementText(gpu: PartitionableGpu): string {
  if (gpu.kind === 'gpu-pv')
    return (
      'GPU-PV (paravirtualised, \\GPUPARAV): these numbers are placeholders the driver ignores. Every VM shares the ' +
      'whole GPU; the shares below are what the adapters ask for, not limits.'
    );
  if (gpu.kind === 'sr-iov')
    return 'SR-IOV GPU partitioning: these numbers are enforced by the device. Each VM gets the share shown and no more.';
  return unknownPartitioningText(gpu.instancePath);
}

/**
 * A VM's share of one resource. SR-IOV: what the running partition holds (Current*), else what the
 * adapter asks for. GPU-PV: what the adapter asks for; the driver ignores it and every VM shares
 * the whole GPU, which is what Current* reports there.
 */
function shareOf(gpu: PartitionableGpu, vm: VirtualMachine, adapter: GpuPartitionAdapter, kind: ResourceKind, total: bigint): ShareView {
  const [amount, source] = shareAmount(gpu, vm, adapter, kind);
  const whenRunning = source === 'partition' ? ' when it runs' : '';
  return {
    vmId: vm.id,
    vmName: vm.name,
    vmState: vmStateText(vm),
    amount: amount === null ? null : amount.toString(),
    amountText: amount === null ? 'not set (shares the whole GPU)' : `${resourceAmountExact(gpu.kind, kind, amount)}${whenRunning}`,
    percent: amount === null ? '—' : formatPercent(amount, total),
    source,
  };
}

/** SR-IOV: the running partition, else the fixed partition it takes when it starts. GPU-PV: what the adapter asks for. */
function shareAmount(
  gpu: PartitionableGpu,
  vm: VirtualMachine,
  adapter: GpuPartitionAdapter,
  kind: ResourceKind,
): [bigint | null, ShareView['source']] {
  const current = vm.state === 'Running' ? adapter.current[kind] : null;
  if (gpu.kind === 'sr-iov')
    return current !== null ? [current, 'current'] : [gpu.resources[kind].total / BigInt(Math.max(1, gpu.partitionCount)), 'partition'];
  const s = adapter.settings[kind];
  if (s.optimal !== null) return [s.optimal, 'optimal'];
  if (s.max !== null) return [s.max, 'max'];
  return s.min !== null ? [s.min, 'min'] : [null, 'unset'];
}

export function gpuView(gpu: PartitionableGpu, inventory: HostInventory): GpuView {
  const holders = holdersOf(gpu, inventory);
  return {
    instancePath: gpu.instancePath,
    name: gpuName(gpu),
    kind: gpu.kind,
    enforcement: enforcementText(gpu),
    units: unitsText(gpu.kind),
    availability: availabilityText(gpu.kind),
    driverVersion: gpu.driverVersion ?? 'unknown',
    driverProvider: gpu.driverProvider,
    infName: gpu.infName,
    partitionCount: gpu.partitionCount,
    validPartitionCounts: gpu.validPartitionCounts,
    partitionsInUse: holders.length,
    resources: RESOURCE_KINDS.map((kind) => {
      const r = gpu.resources[kind];
      const tracked = gpu.kind === 'sr-iov';
      return {
        kind,
        total: r.total.toString(),
        totalText: resourceAmountExact(gpu.kind, kind, r.total),
        available: tracked ? r.available.toString() : null,
        availableText: tracked ? resourceAmountExact(gpu.kind, kind, r.available) : 'not tracked (every VM shares the whole GPU)',
        availablePercent: tracked ? formatPercent(r.available, r.total) : '—',
        shares: holders.map((h) => shareOf(gpu, h.vm, h.adapter, kind, r.total)),
      };
    }),
    holders: holders.map((h) => ({ vmId: h.vm.id, vmName: h.vm.name, vmState: vmStateText(h.vm), adapterId: h.adapter.id })),
  };
}

function settingRows(vm: VirtualMachine, inventory: HostInventory): SettingRow[] {
  const status = new Map(checkVm(vm, inventory).map((c) => [c.id, c.status]));
  const row = (id: RequirementId, setting: string, value: string, needed: string): SettingRow => ({
    id,
    setting,
    value,
    needed,
    status: status.get(id) ?? 'unknown',
  });
  return [
    row('generation', 'Generation', String(vm.generation), '2'),
    row('high-mmio', 'High MMIO space', formatBytes(vm.highMemoryMappedIoSpace), 'at least 8 GB (32 GB typical)'),
    row('low-mmio', 'Low MMIO space', formatBytes(vm.lowMemoryMappedIoSpace), 'at least 128 MB (tools use 1–3.5 GB)'),
    row('write-combining', 'Guest-controlled cache types (write-combining)', vm.guestControlledCacheTypes ? 'On' : 'Off', 'On'),
    row('checkpoints', 'Checkpoint type', reportedText(vm.checkpointType, 'value'), 'Disabled'),
    row('stop-action', 'Automatic stop action', reportedText(vm.automaticStopAction, 'value'), 'ShutDown'),
    row('static-memory', 'Memory', `${vm.dynamicMemoryEnabled ? 'Dynamic' : 'Static'}, ${formatBytes(vm.memoryStartup)}`, 'Static'),
  ];
}

/** Present, absent, or not known (Hyper-V's default GPU with none listed, a GPU entry that could not be read). */
function presence(status: AdapterGpuStatus, found: boolean): boolean | null {
  if (status === 'missing') return false;
  if (status === 'unreadable') return null;
  return status === 'default' ? (found ? true : null) : true;
}

function adapterView(adapter: GpuPartitionAdapter, inventory: HostInventory): AdapterView {
  const gpu = gpuOfAdapter(adapter, inventory.gpus);
  return {
    id: adapter.id,
    gpuName: gpu ? gpuName(gpu) : adapter.instancePath ? `${fallbackGpuLabel(adapter.instancePath)} (not on this host)` : 'the default GPU',
    instancePath: adapter.instancePath ?? (gpu ? `${gpu.instancePath} (Hyper-V’s default GPU)` : '(default GPU, not reported)'),
    gpuPresent: presence(adapterGpuStatus(adapter, inventory), gpu !== undefined),
    sizes: RESOURCE_KINDS.map((kind) => {
      // With its GPU gone, what the numbers measure is unknown: plain digits.
      const amount = (v: bigint | null) => (v === null ? 'not set' : gpu ? resourceAmountExact(gpu.kind, kind, v) : formatCount(v));
      const s = adapter.settings[kind];
      return { kind, min: amount(s.min), max: amount(s.max), optimal: amount(s.optimal) };
    }),
  };
}

function guestMessage(guest: Exclude<GuestReading, { kind: 'read' }>): string {
  if (guest.kind === 'failed') return `The guest could not be read: ${guest.message}`;
  if (guest.kind === 'refused') return guest.message;
  return GUEST_MESSAGES[guest.kind];
}

const GUEST_MESSAGES: Record<Exclude<GuestReading['kind'], 'failed' | 'refused' | 'read'>, string> = {
  'not-running': 'The VM is not running: the guest’s devices can be read only while it runs.',
  'no-credentials': 'No guest credentials are stored for this VM: set them to read the guest’s Device Manager (PowerShell Direct).',
  reading: 'Reading the guest’s display devices…',
};

/** The guest's entries that could not be read, said with what was odd (the page shows the message as text). */
function unreadableGuestEntries(invalid: readonly InvalidEntry[]): string {
  if (invalid.length === 0) return '';
  const each = invalid.map((e) => `${entryKindName(e.kind)} ${invalidEntryLabel(e)} (${invalidEntryDetails(e).join('; ')})`);
  return ` ${unreadableCountText(invalid.length)}: ${each.join(' · ')}`;
}

function deviceView(d: GuestDisplayDevice): GuestDeviceView {
  if (d.problemCode !== 0) return { ...d, statusText: `Problem: code ${d.problemCode}`, healthy: false };
  return { ...d, statusText: d.present ? 'Working' : 'Not present', healthy: d.present };
}

function guestView(guest: GuestReading): GuestView {
  if (guest.kind === 'read') {
    return {
      kind: 'read',
      message: `${plural(guest.display.devices.length, 'display device')} in the guest.${unreadableGuestEntries(guest.display.invalid)}`,
      devices: guest.display.devices.map(deviceView),
      driverStore: guest.display.driverStore,
    };
  }
  return {
    kind: guest.kind,
    message: guestMessage(guest),
    devices: [],
    driverStore: [],
  };
}

export function vmView(vm: VirtualMachine, inventory: HostInventory, guest: GuestReading): VmView {
  const checklist = diagnose(vm, inventory, guest);
  const counts = summarize(checklist);
  const r = readiness(vm, inventory);
  const primary = primaryAction(r, checklist);
  return {
    id: vm.id,
    name: vm.name,
    state: vmStateText(vm),
    status: vmStatusText(vm, inventory, r),
    summary:
      counts.fail > 0
        ? `${plural(counts.fail, 'problem')} found, ${counts.unknown} unknown.`
        : counts.unknown > 0
          ? `No problem found; ${plural(counts.unknown, 'line')} could not be checked.`
          : 'Every check passes.',
    actions: vmActions(vm, checklist, primary),
    primary,
    adapters: vm.adapters.map((a) => adapterView(a, inventory)),
    settings: settingRows(vm, inventory),
    guest: guestView(guest),
    drivers: driverRows(vm, inventory, guest),
    checklist,
    counts,
  };
}

export interface PanelInput {
  readonly target: PanelTarget;
  readonly hostName: string;
  readonly loading: boolean;
  readonly error: string | null;
  readonly inventory: HostInventory | undefined;
  /** The guest reading of the focused VM. */
  readonly guest: GuestReading;
}

export function panelModel(input: PanelInput): PanelModel {
  const { target, inventory } = input;
  const base = { target, hostName: input.hostName, loading: input.loading, error: input.error };
  if (!inventory) return { ...base, host: null, nav: { gpus: [], vms: [] }, gpus: [], vm: null, missing: null };
  const f = inventory.facts;
  const host: HostView = {
    computerName: f.computerName,
    os: `${f.osCaption} (build ${f.osBuild})`,
    rights: f.elevated ? 'elevated' : f.hyperVAdministrator ? 'Hyper-V Administrators member' : 'not elevated',
    edition: isWindows10Host(f) ? 'Windows 10: default GPU only' : isServerHost(f) ? 'Windows Server' : 'Windows client',
  };
  const nav = {
    gpus: inventory.gpus.map((g) => ({ instancePath: g.instancePath, name: gpuName(g) })),
    vms: inventory.vms.map((v) => ({ id: v.id, name: v.name, state: vmStateText(v) })),
  };
  const focus = target.focus;
  if (focus.kind === 'vm') {
    const vm = inventory.vms.find((v) => v.id === focus.vmId);
    if (!vm) return { ...base, host, nav, gpus: [], vm: null, missing: 'This VM is no longer on the host.' };
    return { ...base, host, nav, gpus: [], vm: vmView(vm, inventory, input.guest), missing: null };
  }
  if (focus.kind === 'gpu') {
    const gpu = inventory.gpus.find((g) => g.instancePath.toLowerCase() === focus.instancePath.toLowerCase());
    if (!gpu)
      return {
        ...base,
        host,
        nav,
        gpus: [],
        vm: null,
        missing: 'This GPU is no longer partitionable on the host (removed, moved or its driver changed).',
      };
    return { ...base, host, nav, gpus: [gpuView(gpu, inventory)], vm: null, missing: null };
  }
  return { ...base, host, nav, gpus: inventory.gpus.map((g) => gpuView(g, inventory)), vm: null, missing: null };
}
