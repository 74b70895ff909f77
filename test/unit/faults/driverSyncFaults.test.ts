/**
 * A driver sync killed at several points, on both faces: the simulated host's process dies (a
 * 'crash' fault after N files or steps), or pwsh running the real module dies at the same point
 * (the double's exact kill: a breakpoint between two files or two steps of the guest block). Every
 * time: the VM's disk ends up dismounted with no access path left, the guest holds either the old
 * package set or the new one (checked against the manifest and the files' SHA-256), and a re-run
 * completes. A pwsh start takes seconds: the real face kills at representative points only.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DriverSyncPort } from '../../../src/core/drivers/sync/driverSyncPort';
import { commitSteps } from '../../../src/core/drivers/sync/journal';
import { plural } from '../../../src/core/format';
import type { HostInventory } from '../../../src/core/model';
import { driverSyncPort, syncVmDriver } from '../../../src/host/driverSync';
import type { GuestTarget } from '../../../src/host/protocol';
import { readStateFile, writeStateFile } from '../../../src/simulator/persistence/stateStore';
import type { ScenarioInput } from '../../../src/simulator/hyperv/state';
import {
  accessPathLinks,
  checkAgainstManifest,
  guestFiles,
  guestManifest,
  guestPackages,
  mountedDisks,
} from '../../support/guestDriverStore';
import { HOST_FACES, type FaceHost, type HostFace } from '../../support/hostFaces';
import { startRealModuleHost, type KillPoint } from '../../support/realModuleHost';
import { startSimulatedHost } from '../../support/simulatedHost';
import { PACKAGE, UPDATED_PACKAGE, VM_IDS, syncScenario } from '../../support/syncScenario';

const VM = VM_IDS.off;
const target: GuestTarget = { Mode: 'Offline', VMId: VM };

interface KillableHost {
  readonly host: FaceHost;
  /** The host's process dies once `count` items of `point` are done. */
  kill(point: KillPoint, count: number): void;
}

const CRASHING_OPERATION: Readonly<Record<KillPoint, string>> = {
  'copied-file': 'Copy-DriverFilesToGuest',
  'commit-step': 'Invoke-GuestFileOperations',
};

async function startKillable(face: HostFace, scenario: ScenarioInput): Promise<KillableHost> {
  if (face.realModule) {
    const host = await startRealModuleHost({ scenario, callTimeoutMs: 60_000, killSwitch: true });
    return { host, kill: (point, count) => host.killAfter(point, count) };
  }
  const host = startSimulatedHost({ scenario, callTimeoutMs: 30_000 });
  return { host, kill: (point, count) => host.injectFaults([{ operation: CRASHING_OPERATION[point], kind: 'crash', afterItems: count }]) };
}

/** The commit of the update below: journal, old package aside, new one in, 3 loose files swapped (2 steps each), manifest, journal removed. */
const COMMIT_LENGTH = commitSteps(
  {
    format: 'gpupv-sync-journal',
    version: 1,
    startedAt: '',
    run: 'run-1',
    previousManifest: null,
    packages: [{ name: 'a', kind: 'replace' }],
    loose: [1, 2, 3].map((i) => ({ path: `l${i}`, existed: true })),
  },
  '',
).length;
const EVERY_COMMIT_STEP = Array.from({ length: COMMIT_LENGTH }, (_, i) => i + 1);

for (const face of HOST_FACES)
  describe(`driver sync killed at several points, on ${face.face}`, function () {
    this.timeout(Math.max(300_000, face.timeoutMs * 4));
    let killable: KillableHost;
    let host: FaceHost;
    let oldSet: Map<string, string>;
    let faultsInjected = 0;
    // The real face: after 1 file and mid-copy; the journal written, each package step, a loose swap, the manifest, the end.
    const copyKills = face.realModule ? [1, 40] : [1, 40, 200];
    const commitKills = face.realModule ? [1, 2, 3, 6, 10, COMMIT_LENGTH] : EVERY_COMMIT_STEP;

    async function start(scenario: ScenarioInput = syncScenario()): Promise<void> {
      killable = await startKillable(face, scenario);
      host = killable.host;
    }

    async function inventory(): Promise<HostInventory> {
      const result = await host.client.inventory();
      assert.ok(result.ok);
      return result.value;
    }

    async function sync(port?: DriverSyncPort) {
      const inv = await inventory();
      return syncVmDriver(
        host.client,
        inv.vms.find((v) => v.id === VM)!,
        inv.gpus,
        target,
        {},
        port,
      );
    }

    /** The old set is what the first sync wrote; then the host's driver is updated, so a re-sync replaces every package and loose file. */
    async function prepareUpdate(): Promise<void> {
      const first = await sync();
      assert.ok(first.ok && first.value.kind === 'synced');
      oldSet = guestFiles(host.simDir, VM);
      const stored = readStateFile(host.simDir)!;
      stored.host.gpus[0]!.driverPackage = UPDATED_PACKAGE;
      stored.host.gpus[0]!.driverVersion = '32.0.15.6603';
      writeStateFile(host.simDir, stored.scenario, stored.host);
    }

    function assertOldOrNew(label: string): 'old' | 'new' {
      assert.deepEqual(mountedDisks(host.simDir, VM), [], `${label}: the disk is dismounted`);
      assert.deepEqual(accessPathLinks(host.simDir), [], `${label}: no access path left`);
      assert.deepEqual(checkAgainstManifest(host.simDir, VM), [], `${label}: the guest agrees with its manifest`);
      const files = guestFiles(host.simDir, VM);
      const packages = guestPackages(host.simDir, VM);
      if (packages.length === 1 && packages[0] === PACKAGE) {
        assert.deepEqual(files, oldSet, `${label}: exactly the old set`);
        return 'old';
      }
      assert.deepEqual(packages, [UPDATED_PACKAGE], `${label}: the new package only`);
      assert.equal(guestManifest(host.simDir, VM)!.gpus[0]!.driverVersion, '32.0.15.6603');
      return 'new';
    }

    async function rerunCompletes(label: string): Promise<void> {
      const again = await sync();
      assert.ok(again.ok, `${label}: the re-run works (${again.ok ? '' : again.error.message})`);
      assert.equal(assertOldOrNew(`${label}, after the re-run`), 'new');
    }

    beforeEach(async () => {
      await start();
      await prepareUpdate();
    });
    afterEach(async () => {
      await host.dispose();
    });
    after(() => {
      console.log(`      (${faultsInjected} kills injected)`);
    });

    for (const afterFiles of copyKills) {
      it(`killed after ${plural(afterFiles, 'copied file')}: shell-crashed reported with "left as it was", the old set intact, disk dismounted, staging removed; a re-run completes`, async () => {
        killable.kill('copied-file', afterFiles);
        faultsInjected += 1;
        const result = await sync();
        assert.equal(result.ok ? 'ok' : result.error.id, 'shell-crashed');
        assert.match(result.ok ? '' : result.error.message, /left as it was/);
        assert.equal(assertOldOrNew('after the kill'), 'old');
        assert.equal(
          fs.existsSync(path.join(host.simDir, 'disks', `vm-${VM}`, 'Windows', 'System32', 'HostDriverStore', '.gpupv-sync')),
          false,
        );
        await rerunCompletes('copy kill');
      });
    }

    it(`killed after ${commitKills.length === COMMIT_LENGTH ? 'each step' : `steps ${commitKills.join(', ')}`} of the ${COMMIT_LENGTH}-step commit in turn: the run rolls the guest back (or finds the commit complete), never a mix; every re-run completes`, async () => {
      await host.dispose();
      await start(syncScenario({ smallPackage: true }));
      await prepareUpdate();
      assert.equal(COMMIT_LENGTH, 11);
      const outcomes: string[] = [];
      for (const afterSteps of commitKills) {
        if (afterSteps !== commitKills[0]) {
          // A fresh host for each kill point, with the old set in the guest again.
          await host.dispose();
          await start(syncScenario({ smallPackage: true }));
          await prepareUpdate();
        }
        const inner = driverSyncPort(host.client, target);
        const port: DriverSyncPort = {
          ...inner,
          run: async (steps) => {
            // Only the commit's call: it starts by writing the journal.
            if (steps[0]?.Op === 'Write' && steps[0].Path.endsWith('journal.json')) {
              killable.kill('commit-step', afterSteps);
              faultsInjected += 1;
            }
            return inner.run(steps);
          },
        };
        const result = await sync(port);
        const state = assertOldOrNew(`killed after commit step ${afterSteps}`);
        outcomes.push(`${afterSteps}:${result.ok ? 'ok' : result.error.id}/${state}`);
        if (afterSteps < COMMIT_LENGTH) {
          // Until the journal is removed (the last step) the commit is undone.
          assert.equal(state, 'old', outcomes.join(' '));
          assert.equal(result.ok ? 'ok' : result.error.id, 'driver-sync-failed');
        } else {
          assert.equal(state, 'new');
          assert.ok(result.ok, 'a commit that completed before the kill is reported as done');
        }
        await rerunCompletes(`commit step ${afterSteps}`);
      }
    });

    it('the extension dies mid-commit (no rollback by the run): the next run finds the journal, undoes the half commit, then syncs', async () => {
      const inv = await inventory();
      // Stage and start a commit by hand, as a run would, then kill the host's shell in the middle of it.
      const stagedRun = await syncVmDriver(
        host.client,
        inv.vms.find((v) => v.id === VM)!,
        inv.gpus,
        target,
        {},
        {
          ...driverSyncPort(host.client, target),
          run: async (steps) => {
            if (steps[0]?.Op === 'Write' && steps[0].Path.endsWith('journal.json')) {
              killable.kill('commit-step', 5);
              faultsInjected += 1;
              await driverSyncPort(host.client, target).run(steps);
              // The window is gone: nothing more reaches the host from this run, not even the dismount.
              throw new Error('window closed');
            }
            return driverSyncPort(host.client, target).run(steps);
          },
          close: async () => ({ ok: true, value: false }),
        },
      ).catch((error: Error) => error.message);
      assert.equal(stagedRun, 'window closed');
      assert.ok(mountedDisks(host.simDir, VM).length > 0, 'the dead run left the disk mounted');
      const start = await host.client.invoke('Start-Vm', { VMId: VM });
      assert.equal(start.ok ? 'ok' : start.error.id, 'vm-disk-in-use', 'Hyper-V refuses to start a VM whose disk is mounted');

      const next = await sync();
      assert.ok(next.ok, next.ok ? '' : next.error.message);
      assert.equal(next.value.kind === 'cancelled' ? null : next.value.recovered, true);
      assert.equal(assertOldOrNew('after the recovering run'), 'new');
    });
  });
