/**
 * Why a VM's GPU does or does not work, as an ordered checklist: the host first, then the VM's
 * adapter and settings, then what the guest itself shows. Each line passes, fails or is unknown,
 * says why, and names the command that fixes it when the extension can (the same command as the
 * tree's context menu).
 */
import { vmStateText, type HostFacts, type HostInventory, type VirtualMachine } from '../model';
import type { GuestDisplay, GuestDisplayDevice } from '../normalize/guestDevices';
import type { PanelCommand } from '../panel/panelCommands';
import { gpuOfAdapter } from '../rules/partitionUsage';
import type { RequirementId } from '../rules/requirementIds';
import { checkVm, type CheckStatus, type RequirementCheck } from '../rules/requirements';
import type { DiagnosisId } from './diagnosisIds';
import { plural } from '../format';
import { guestDriverFacts } from './guestDriverCopy';

/** What the extension knows about the guest's devices. */
export type GuestReading =
  | { readonly kind: 'not-running' }
  | { readonly kind: 'no-credentials' }
  | { readonly kind: 'reading' }
  | { readonly kind: 'failed'; readonly message: string }
  /** The guest refused the stored credentials: they are not tried again until new ones are set. */
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'read'; readonly display: GuestDisplay };

/** The host-level checks, the VM requirements of `checkVm`, then what only the guest can tell. */

export interface DiagnosisLine {
  readonly id: DiagnosisId;
  readonly title: string;
  readonly status: CheckStatus;
  readonly reason: string;
  /** The command that fixes a failing line, or resolves an unknown one (e.g. guest credentials). */
  readonly fix: PanelCommand | null;
}

const FIX_OF: Partial<Record<RequirementId, PanelCommand>> = {
  adapter: 'gpupv.assignGpu',
  'adapter-gpu-exists': 'gpupv.removeGpu',
  'high-mmio': 'gpupv.setMmio',
  'low-mmio': 'gpupv.setMmio',
  'write-combining': 'gpupv.enableWriteCombining',
  checkpoints: 'gpupv.disableCheckpoints',
  'stop-action': 'gpupv.setStopActionShutDown',
  'static-memory': 'gpupv.disableDynamicMemory',
};

function line(id: DiagnosisId, title: string, passed: boolean | null, reason: string, fix: PanelCommand | null = null): DiagnosisLine {
  const status: CheckStatus = passed === null ? 'unknown' : passed ? 'pass' : 'fail';
  return { id, title, status, reason, fix: status === 'pass' ? null : fix };
}

function fromRequirement(check: RequirementCheck): DiagnosisLine {
  return {
    id: check.id,
    title: check.title,
    status: check.status,
    reason: check.detail,
    fix: check.status === 'pass' ? null : (FIX_OF[check.id] ?? null),
  };
}

export function isWindows10Host(facts: HostFacts): boolean {
  return !facts.supportsInstancePath || (facts.osBuild > 0 && facts.osBuild < 22000 && !/server/i.test(facts.osCaption));
}

export function isServerHost(facts: HostFacts): boolean {
  return /server/i.test(facts.osCaption) || /server/i.test(facts.osEdition);
}

/** The GPU-PV (or SR-IOV) device of the guest: Virtual Render, or the vendor device an SR-IOV partition shows. */
export function gpuDevices(display: GuestDisplay): GuestDisplayDevice[] {
  return display.devices.filter(
    (d) => d.virtualRender || (d.service !== null && !/^(HyperVideo|BasicDisplay|BasicRender)$/i.test(d.service)),
  );
}

export function diagnose(vm: VirtualMachine, inventory: HostInventory, guest: GuestReading): DiagnosisLine[] {
  const facts = inventory.facts;
  const lines: DiagnosisLine[] = [];
  lines.push(
    line(
      'host-elevated',
      'Host: administrator rights',
      facts.elevated || facts.hyperVAdministrator,
      facts.elevated
        ? 'The host session runs elevated.'
        : facts.hyperVAdministrator
          ? 'Not elevated, but a member of Hyper-V Administrators: enough for every GPU-PV change.'
          : 'The host session is not elevated and not in Hyper-V Administrators: run VS Code as administrator or join ' +
            'the Hyper-V Administrators group, then sign in again.',
    ),
  );
  const hyperV = facts.hyperVModule && facts.inventoryCmdlet !== null;
  lines.push(
    line(
      'hyperv-present',
      'Host: Hyper-V present',
      hyperV,
      hyperV
        ? `Hyper-V and its PowerShell module are present (${facts.inventoryCmdlet}).`
        : facts.hyperVModule
          ? 'The Hyper-V module has neither Get-VMHostPartitionableGpu nor Get-VMPartitionableGpu: this Windows build has no GPU partitioning.'
          : 'The Hyper-V PowerShell module is missing: enable Hyper-V (Microsoft-Hyper-V-All) and its management tools, then restart.',
    ),
  );
  const gpuNames = inventory.gpus.map((g) => g.friendlyName ?? g.instancePath);
  lines.push(
    line(
      'gpu-partitionable',
      'Host: a partitionable GPU',
      inventory.gpus.length > 0,
      inventory.gpus.length > 0
        ? `${plural(inventory.gpus.length, 'partitionable GPU')}: ${gpuNames.join(', ')}.`
        : 'No GPU of this host can be partitioned: GPU-PV needs a WDDM 2.5 or newer driver that supports it (update the GPU driver).',
    ),
  );

  const requirements = checkVm(vm, inventory);
  for (const check of requirements) lines.push(fromRequirement(check));
  if (vm.adapters.length > 0 && !requirements.some((c) => c.id === 'adapter-gpu-exists')) {
    lines.push(line('adapter-gpu-exists', 'Adapter GPU present on the host', null, 'Unknown until the host inventory is read.'));
  } else if (vm.adapters.length === 0) {
    const adapterIndex = lines.findIndex((l) => l.id === 'adapter');
    lines.splice(
      adapterIndex + 1,
      0,
      line('adapter-gpu-exists', 'Adapter GPU present on the host', null, 'No adapter, so no instance path to check.', 'gpupv.assignGpu'),
    );
  }

  lines.push(driverPackageLine(vm, inventory, guest));
  lines.push(guestDeviceLine(vm, guest, lines));
  lines.push(policyLine(vm, inventory));
  return lines;
}

function storeText(store: readonly string[] | null): string {
  if (store === null) return '';
  return store.length > 0
    ? ` The guest’s HostDriverStore holds ${store.join(', ')}.`
    : ' The guest’s HostDriverStore holds no driver package.';
}

function syncHow(vm: VirtualMachine): string {
  if (vm.state === 'Running') return 'Sync it now over PowerShell Direct (guest credentials needed).';
  if (vm.state === 'Off') return 'Sync it now: the VM’s disk is mounted on the host while it is off.';
  return 'Sync it while the VM is off or running.';
}

/** The guest's copy of the host driver: status and words from the same facts (guestDriverFacts). */
function driverPackageLine(vm: VirtualMachine, inventory: HostInventory, guest: GuestReading): DiagnosisLine {
  const title = 'Guest: host driver package';
  const { copy, store, host } = guestDriverFacts(vm, inventory, guest);
  const held = storeText(store);
  const how = syncHow(vm);
  const at = (passed: boolean | null, reason: string) =>
    line(
      'guest-driver-package',
      title,
      passed,
      reason,
      copy.kind === 'no-gpu' || copy.kind === 'vendor-driver' ? null : 'gpupv.syncDriver',
    );
  switch (copy.kind) {
    case 'no-gpu':
      return at(
        null,
        `${vm.adapters.length === 0 ? 'No GPU partition' : 'The adapter’s GPU is not on this host'}, ` +
          `so there is no host driver to copy into the guest.${held}`,
      );
    case 'vendor-driver':
      return at(
        null,
        'An SR-IOV partition uses the vendor’s own guest driver, installed inside the guest; the extension cannot check its version yet.',
      );
    case 'in-sync':
      return at(true, `The guest has the host’s ${host}, synced ${copy.synced}.${held}`);
    case 'packages-missing':
      return at(
        false,
        `The host’s ${host} was synced into ${vm.name} on ${copy.synced}, but the guest’s HostDriverStore lacks ` +
          `${copy.missing.join(', ')} (code 43). ${how}${held}`,
      );
    case 'drifted':
      return at(false, `The guest’s copy differs from the host’s driver: ${copy.reasons.join('; ')}. ${how}${held}`);
    case 'never-synced':
      if (store !== null && store.length === 0) {
        return at(
          false,
          `The guest’s HostDriverStore holds no driver package, so the guest cannot load the host’s ${host} (code 43). ${how}`,
        );
      }
      return at(
        null,
        store === null
          ? `This extension has never synced the host’s ${host} into ${vm.name}, so whether the guest holds it is ` +
              `unknown until the guest is read: a missing or older copy gives code 43. ${how}`
          : `The guest’s HostDriverStore holds ${store.join(', ')}, which this extension did not copy: whether it ` +
              `is the host’s ${host} cannot be told (only a sync records the version). ${how}`,
      );
  }
}

function guestDeviceLine(vm: VirtualMachine, guest: GuestReading, earlier: readonly DiagnosisLine[]): DiagnosisLine {
  const title = 'Guest: GPU device without a problem';
  switch (guest.kind) {
    case 'not-running':
      return line(
        'guest-device',
        title,
        null,
        `Unknown: ${vm.name} is ${vmStateText(vm)}; the guest’s devices can be read only while it runs.`,
        vm.state === 'Off' ? 'gpupv.startVm' : null,
      );
    case 'no-credentials':
      return line(
        'guest-device',
        title,
        null,
        'Unknown: no guest credentials are stored for this VM; set them to read the guest’s Device Manager over PowerShell Direct.',
        'gpupv.setGuestCredentials',
      );
    case 'reading':
      return line('guest-device', title, null, 'Reading the guest’s display devices…');
    case 'failed':
      return line(
        'guest-device',
        title,
        null,
        `Unknown: the guest’s devices could not be read: ${guest.message}`,
        'gpupv.setGuestCredentials',
      );
    case 'refused':
      return line('guest-device', title, null, `Unknown: ${guest.message}`, 'gpupv.setGuestCredentials');
    case 'read': {
      const devices = gpuDevices(guest.display);
      if (devices.length === 0) {
        return line(
          'guest-device',
          title,
          false,
          vm.adapters.length === 0
            ? 'The guest has no GPU device because the VM has no GPU partition.'
            : 'The guest shows no GPU device although the VM has a partition adapter: restart the VM.',
          vm.adapters.length === 0 ? 'gpupv.assignGpu' : null,
        );
      }
      const broken = devices.filter((d) => d.problemCode !== 0 || !d.present);
      if (broken.length === 0) return line('guest-device', title, true, `${devices.map((d) => d.name).join(', ')}: working properly.`);
      const d = broken[0]!;
      // The likely cause: the first failing setting that gives code 43.
      const cause =
        earlier.find((l) => l.status === 'fail' && (l.id === 'high-mmio' || l.id === 'write-combining' || l.id === 'adapter-gpu-exists')) ??
        (d.problemCode === 43 ? earlier.find((l) => l.status !== 'pass' && l.id === 'guest-driver-package' && l.fix !== null) : undefined);
      const why = cause
        ? ` Likely cause: ${cause.reason}`
        : d.problemCode === 43
          ? ' The settings look right, so the guest’s copy of the host driver package is probably missing or differs from the host’s.'
          : '';
      return line('guest-device', title, false, `${d.name} (${d.pnpDeviceId}): ${d.problemText}${why}`, cause?.fix ?? null);
    }
  }
}

function policyLine(vm: VirtualMachine, inventory: HostInventory): DiagnosisLine {
  const facts = inventory.facts;
  const title = 'Host: Windows edition and group policy';
  if (isWindows10Host(facts)) {
    const gpu = inventory.gpus[0];
    return line(
      'host-policy',
      title,
      true,
      `Windows 10 host: Hyper-V gives a VM its default GPU only (${gpu?.friendlyName ?? 'the first partitionable GPU'}); ` +
        `no other GPU can be chosen. On Windows 10 2004 a render-only GPU (an Optimus laptop’s discrete GPU) can ` +
        `freeze the guest’s graphics at boot: use RDP or a newer host build.`,
    );
  }
  if (isServerHost(facts)) {
    const srIov = vm.adapters.some((a) => gpuOfAdapter(a, inventory.gpus)?.kind === 'sr-iov');
    return line(
      'host-policy',
      title,
      srIov ? true : null,
      srIov
        ? 'Windows Server with an SR-IOV GPU: a device certified for GPU partitioning satisfies the device-assignment policy.'
        : 'Unknown: Windows Server blocks uncertified GPUs by group policy and the extension does not read the policy. ' +
            'If the VM will not start with “not compliant with currently set group policy”, set RequireSecureDeviceAssignment ' +
            'and RequireSupportedDeviceAssignment to 0 under HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\HyperV.',
    );
  }
  return line('host-policy', title, true, `${facts.osCaption}: no device-assignment group policy applies to a Windows client host.`);
}

export function summarize(lines: readonly DiagnosisLine[]): { pass: number; fail: number; unknown: number } {
  return {
    pass: lines.filter((l) => l.status === 'pass').length,
    fail: lines.filter((l) => l.status === 'fail').length,
    unknown: lines.filter((l) => l.status === 'unknown').length,
  };
}
