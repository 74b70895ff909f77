/**
 * A hostile guest against the simulated host, through the production session, client and runner.
 * The cases come from test/fixtures/hostile-guest/cases.json, which the module's Pester suite runs
 * too: a link planted at each level of the HostDriverStore path (and at the Windows folder, System32,
 * inside a package folder, the manifest and a loose file), pointing outside the guest's volume at a
 * decoy that stands in for the host's own System32; a manifest of a million entries; journals that
 * name a host path, System32\config, or a package outside FileRepository; device names with
 * Markdown, HTML, ANSI escapes and 100 KB of text. For each: the sync refuses or ignores as it
 * should, no byte outside the guest's volume changes (the decoy and the host's disk are hashed
 * before and after, links not followed), nothing is written in the guest when the sync refuses, the
 * VM's disk is dismounted, and the message is the case's.
 *
 * `HostUnderTest` is all a case needs from a host: a host double running the real module can run
 * the same cases by providing one.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JOURNAL, MANIFEST, WORK } from '../../../src/core/drivers/sync/guestLayout';
import { displayGuestPath } from '../../../src/core/drivers/sync/guestPaths';
import type { DriverSyncOutcome } from '../../../src/core/drivers/sync/runDriverSync';
import type { Result } from '../../../src/core/errors';
import { normalizeGuestDisplay } from '../../../src/core/normalize/guestDevices';
import { GUEST_LIMITS } from '../../../src/core/normalize/guestLimits';
import { extensionMessage } from '../../../src/core/panel/messages';
import { panelModel } from '../../../src/core/panel/viewModel';
import { notificationText, plainText } from '../../../src/core/plainText';
import { syncVmDriver } from '../../../src/host/driverSync';
import type { HostClient } from '../../../src/host/hostClient';
import type { GuestTarget } from '../../../src/host/protocol';
import { Secret } from '../../../src/host/secrets/secret';
import { makeDecoy, plantLink, treeDigest } from '../../support/decoyFolder';
import { checkAgainstManifest, guestWindowsDir, mountedDisks } from '../../support/guestDriverStore';
import { startSimulatedHost } from '../../support/simulatedHost';
import { PACKAGE, VM_IDS, syncScenario } from '../../support/syncScenario';
import cases from '../../fixtures/hostile-guest/cases.json';
import { emptyManifestJson } from '../../support/driverManifest';

const CREDENTIAL = { UserName: 'tester', Password: new Secret('S3cret!') };

/** What a case needs from a host. */
interface HostUnderTest {
  readonly client: HostClient;
  /** The guest's Windows folder of a VM, as a real folder. */
  guestWindows(vmId: string): string;
  /** The VM's disks the host has mounted. */
  mounted(vmId: string): string[];
  /** Problems found checking the guest's files against its manifest (test/support/guestDriverStore.ts). */
  checkAgainstManifest(vmId: string): string[];
  /** Folders outside every guest volume that a sync must not change (the host's own disk). */
  readonly hostFolders: readonly string[];
  dispose(): Promise<void>;
}

function simulatedHost(): HostUnderTest {
  const scenario = syncScenario({ smallPackage: true });
  const running = scenario.vms.find((vm) => vm.vmId === VM_IDS.running)!;
  running.guest = { ...running.guest!, plantedDevices: cases.deviceNames.map((d) => plantedDevice(deviceText(d))) };
  const host = startSimulatedHost({ scenario, callTimeoutMs: 60_000 });
  return {
    client: host.client,
    guestWindows: (vmId) => guestWindowsDir(host.simDir, vmId),
    mounted: (vmId) => mountedDisks(host.simDir, vmId),
    checkAgainstManifest: (vmId) => checkAgainstManifest(host.simDir, vmId),
    hostFolders: [path.join(host.simDir, 'disks', 'host')],
    dispose: () => host.dispose(),
  };
}

function deviceText(device: (typeof cases.deviceNames)[number]): string {
  return 'text' in device ? device.text! : device.repeat!.repeat(device.times!);
}

function plantedDevice(text: string): { name: string; driverProvider: string; driverVersion: string; infName: string } {
  return { name: text, driverProvider: text, driverVersion: text, infName: text };
}

const at = (guestPath: string): string => guestPath.replace('{package}', PACKAGE);
const onDisk = (windows: string, guestPath: string): string => path.join(windows, ...guestPath.split('\\').filter(Boolean));

describe('a hostile guest against the simulated host', function () {
  this.timeout(300_000);
  let host: HostUnderTest;
  let work: string;
  let decoy: string;
  const pristine = new Map<string, string>();

  async function sync(target: GuestTarget, notes: string[] = []): Promise<Result<DriverSyncOutcome>> {
    const inventory = await host.client.inventory();
    assert.ok(inventory.ok);
    const vm = inventory.value.vms.find((v) => v.id === target.VMId)!;
    return syncVmDriver(host.client, vm, inventory.value.gpus, target, { onNote: (note) => notes.push(note) });
  }

  /** The guest as the first, honest sync left it (with a config hive, for the journal cases). */
  function restore(vmId: string): string {
    const windows = host.guestWindows(vmId);
    fs.rmSync(windows, { recursive: true, force: true });
    fs.cpSync(pristine.get(vmId)!, windows, { recursive: true, verbatimSymlinks: true });
    return windows;
  }

  /** Everything outside the guest volume that must keep every byte, and the guest volume itself. */
  function outside(): Map<string, string> {
    const digest = new Map<string, string>();
    for (const [i, folder] of [decoy, ...host.hostFolders].entries())
      for (const [key, value] of treeDigest(folder)) digest.set(`${i}:${key}`, value);
    return digest;
  }

  before(async function () {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'gpupv-hostile-'));
    decoy = makeDecoy(path.join(work, 'decoy-host-System32'));
    host = simulatedHost();
    for (const target of [offline(VM_IDS.off), online(VM_IDS.running)]) {
      const first = await sync(target);
      assert.ok(first.ok && first.value.kind === 'synced', first.ok ? first.value.kind : first.error.message);
      const windows = host.guestWindows(target.VMId);
      fs.mkdirSync(path.join(windows, 'System32', 'config'), { recursive: true });
      fs.writeFileSync(path.join(windows, 'System32', 'config', 'SYSTEM'), 'the guest registry hive\n');
      const copy = path.join(work, `pristine-${target.VMId}`);
      fs.cpSync(windows, copy, { recursive: true });
      pristine.set(target.VMId, copy);
    }
  });
  after(async () => {
    await host?.dispose();
    fs.rmSync(work, { recursive: true, force: true });
  });

  for (const [mode, target] of [
    ['offline', offline(VM_IDS.off)],
    ['online', online(VM_IDS.running)],
  ] as const) {
    describe(`a link planted on the guest's volume, pointing outside it (${mode})`, () => {
      for (const link of cases.links) {
        it(`at ${link.name}: refused before anything is written, the host's folders unchanged, the disk dismounted`, async () => {
          const windows = restore(target.VMId);
          const place = at(link.at);
          const targetOfLink = link.kind === 'file' ? path.join(decoy, path.basename(onDisk(windows, place))) : decoy;
          if (!fs.existsSync(targetOfLink)) fs.writeFileSync(targetOfLink, 'a host file\n');
          plantLink(place === '' ? windows : onDisk(windows, place), targetOfLink);
          const outsideBefore = outside();
          const guestBefore = treeDigest(path.dirname(windows));

          const result = await sync(target);

          assert.deepEqual(outside(), outsideBefore, 'no byte outside the guest volume changed');
          assert.deepEqual(treeDigest(path.dirname(windows)), guestBefore, 'nothing was written in the guest');
          assert.ok(!result.ok, 'refused');
          assert.equal(result.error.id, 'guest-reparse-point');
          assert.equal(result.error.message, cases.linkMessage.replace('{at}', displayGuestPath(place)));
          assert.deepEqual(host.mounted(target.VMId), [], 'the disk is dismounted');
        });
      }
    });
  }

  describe('a journal that names what is not the sync’s own', () => {
    for (const journalCase of cases.journals) {
      it(`${journalCase.name}: refused and reported, not obeyed; nothing changes in the guest or outside it`, async () => {
        const windows = restore(VM_IDS.off);
        const run = cases.example.run;
        const journal = {
          format: 'gpupv-sync-journal',
          version: 1,
          startedAt: '2025-01-01T00:00:00.000Z',
          run,
          previousManifest: null,
          packages: 'package' in journalCase ? [{ name: journalCase.package, kind: 'replace' }] : [],
          loose: 'loose' in journalCase ? [{ path: journalCase.loose, existed: true }] : [],
        };
        fs.mkdirSync(path.dirname(onDisk(windows, JOURNAL)), { recursive: true });
        fs.writeFileSync(onDisk(windows, JOURNAL), JSON.stringify(journal));
        // What obeying it would move in: a "backup" of the hive, and an "old package" named config.
        const backup = onDisk(windows, `${WORK}\\${run}\\backup\\System32\\config\\SYSTEM`);
        fs.mkdirSync(path.dirname(backup), { recursive: true });
        fs.writeFileSync(backup, 'a hive the guest administrator wrote\n');
        const outsideBefore = outside();
        const guestBefore = treeDigest(windows);

        const result = await sync(offline(VM_IDS.off));

        assert.ok(!result.ok, 'refused');
        assert.equal(result.error.id, 'guest-data-refused');
        assert.equal(result.error.message, cases.journalMessage.replace('{reason}', journalCase.reason!));
        assert.deepEqual(outside(), outsideBefore, 'no byte outside the guest volume changed');
        assert.deepEqual(treeDigest(windows), guestBefore, 'nothing was changed in the guest: System32\\config kept its hive');
        assert.deepEqual(host.mounted(VM_IDS.off), []);
      });
    }
  });

  describe('a manifest of a million entries', () => {
    const million = Array.from({ length: 1_000_000 }, () => 'a');
    const manifest = (extra: object): string => JSON.stringify({ ...emptyManifestJson(), ...extra });
    const variants: [string, () => string, string][] = [
      ['a million package names (4 MB)', () => manifest({ pendingRemoval: million }), 'it holds more than 200000 entries'],
      [
        'a million files (over 80 MB)',
        () => {
          const file = JSON.stringify({ path: 'a.dll', length: '1', sha256: '0'.repeat(64), hostWriteTime: '1' });
          return manifest({ packages: [{ name: PACKAGE, files: ['FILES'] }] }).replace(
            '"FILES"',
            Array<string>(1_000_000).fill(file).join(','),
          );
        },
        `larger than ${GUEST_LIMITS.manifestBytes / (1024 * 1024)} MB, so it was not read`,
      ],
    ];
    for (const [name, text, problem] of variants) {
      it(`${name}: not used, said in the log, and the sync copies every file again`, async () => {
        const windows = restore(VM_IDS.off);
        fs.writeFileSync(onDisk(windows, MANIFEST), text());
        const outsideBefore = outside();
        const notes: string[] = [];

        const result = await sync(offline(VM_IDS.off), notes);

        assert.ok(result.ok && result.value.kind === 'synced', result.ok ? result.value.kind : result.error.message);
        assert.ok(notes.includes(`The guest's manifest is unreadable (${problem}): every package is copied.`), notes.join('\n'));
        assert.deepEqual(host.checkAgainstManifest(VM_IDS.off), [], 'the guest holds what its new manifest says');
        assert.deepEqual(outside(), outsideBefore, 'no byte outside the guest volume changed');
        assert.deepEqual(host.mounted(VM_IDS.off), []);
      });
    }
  });

  describe('device names with Markdown, HTML, ANSI escapes and 100 KB of text', () => {
    it('arrive bounded, are drawn as text in the panel, and are neutralised in the log and notifications', async () => {
      const outsideBefore = outside();
      const result = await host.client.invoke('Get-GuestDisplayDevices', { VMId: VM_IDS.running, Credential: CREDENTIAL });
      assert.ok(result.ok, result.ok ? '' : result.error.message);
      const display = normalizeGuestDisplay(result.value);
      const planted = display.devices.filter((d) => d.pnpDeviceId.includes('PLANTED'));
      assert.equal(planted.length, cases.deviceNames.length);
      for (const [i, device] of planted.entries()) {
        const sent = deviceText(cases.deviceNames[i]!);
        const expected = sent.length <= GUEST_LIMITS.text ? sent : `${sent.slice(0, GUEST_LIMITS.text - 3)}...`;
        for (const shown of [device.name, device.driverProvider, device.driverVersion, device.infName]) assert.equal(shown, expected);
      }
      // The panel draws the strings as they are, with textContent (checked statically on webview/main.ts), through a valid message.
      const inventory = await host.client.inventory();
      assert.ok(inventory.ok);
      const model = panelModel({
        target: { hostId: 'simulated:hostile', focus: { kind: 'vm', vmId: VM_IDS.running } },
        hostName: 'Hostile',
        loading: false,
        error: null,
        inventory: inventory.value,
        guest: { kind: 'read', display },
      });
      assert.ok(extensionMessage.safeParse({ type: 'model', model }).success);
      assert.deepEqual(
        model.vm!.guest.devices.filter((d) => d.pnpDeviceId.includes('PLANTED')).map((d) => d.name),
        planted.map((d) => d.name),
      );
      // The log and the notifications: no escape sequence, no line break, no link, bounded.
      for (const device of planted) {
        // eslint-disable-next-line no-control-regex
        assert.doesNotMatch(plainText(device.name), /[\x00-\x08\x0a-\x1f\x7f]/);
        assert.doesNotMatch(notificationText(device.name), /\]\(/);
        assert.ok(plainText(device.name).length <= GUEST_LIMITS.text);
      }
      assert.equal(plainText(deviceText(cases.deviceNames[2]!)), 'RED link ');
      assert.deepEqual(outside(), outsideBefore);
    });
  });
});

function offline(vmId: string): GuestTarget {
  return { Mode: 'Offline', VMId: vmId };
}

function online(vmId: string): GuestTarget {
  return { Mode: 'Online', VMId: vmId, Credential: CREDENTIAL };
}
