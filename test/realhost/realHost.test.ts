/**
 * Against a real Windows Hyper-V host: run on Windows from an elevated prompt with
 *   set GPUPV_REAL_HOST=1 & npm run test:realhost
 * (optionally GPUPV_POWERSHELL=pwsh.exe). It reads only; it changes nothing on the host, except with
 *   set GPUPV_REAL_SYNC_VM=<name of a VM that is off, has a GPU partition adapter, and may be written>
 * which syncs the host's GPU driver into that VM's disk (offline) twice: a full sync, then a re-run
 * that must find nothing to copy; the VM's disk must be dismounted after each.
 * Without GPUPV_REAL_HOST these tests are not registered at all (this machine has no Hyper-V).
 */
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { syncVmDriver } from '../../src/host/driverSync';
import { HostClient } from '../../src/host/hostClient';
import { launchFor } from '../../src/host/hostConfig';
import { PowerShellSession } from '../../src/host/session';

const enabled = process.env.GPUPV_REAL_HOST === '1';

if (enabled) {
  describe('real Hyper-V host (GPUPV_REAL_HOST=1)', function () {
    this.timeout(120_000);
    const repoRoot = path.resolve(__dirname, '../../..');
    const launch = launchFor(
      { kind: 'local', name: 'This computer' },
      {
        extensionPath: repoRoot,
        storagePath: os.tmpdir(),
        nodeExecutable: process.execPath,
        powershellExecutable: process.env.GPUPV_POWERSHELL ?? 'powershell.exe',
      },
    );
    const session = new PowerShellSession(launch, { callTimeoutMs: 60_000, startTimeoutMs: 60_000 });
    const client = new HostClient(session, 'real host');
    after(() => session.dispose());

    it('reads the host facts through the module', async () => {
      const facts = await client.hostFacts();
      assert.ok(facts.ok, facts.ok ? '' : `${facts.error.id}: ${facts.error.message} ${facts.error.detail ?? ''}`);
      assert.ok(facts.value.osBuild > 10000);
      assert.ok(facts.value.hyperVModule, 'the Hyper-V PowerShell module is present');
    });

    it('reads the whole inventory in one call and it validates', async () => {
      const inventory = await client.inventory();
      assert.ok(inventory.ok, inventory.ok ? '' : `${inventory.error.id}: ${inventory.error.message} ${inventory.error.detail ?? ''}`);
      for (const gpu of inventory.value.gpus)
        assert.ok(gpu.validPartitionCounts.includes(gpu.partitionCount) || gpu.validPartitionCounts.length === 0);
    });

    it('reads one VM by id when the host has a VM', async function () {
      const inventory = await client.inventory();
      assert.ok(inventory.ok);
      const vm = inventory.value.vms[0];
      if (!vm) return this.skip();
      const one = await client.vm(vm.id);
      assert.ok(one.ok);
      assert.equal(one.value.name, vm.name);
    });

    it("finds each partitionable GPU's driver package and loose files with filtered WMI queries", async function () {
      const inventory = await client.inventory();
      assert.ok(inventory.ok);
      if (inventory.value.gpus.length === 0) return this.skip();
      for (const gpu of inventory.value.gpus) {
        const started = Date.now();
        const found = await client.driverPackages(gpu.instancePath);
        assert.ok(found.ok, found.ok ? '' : `${gpu.instancePath}: ${found.error.id}: ${found.error.message} ${found.error.detail ?? ''}`);
        // The Antecedent filter matched: the record has files, they resolve to a present package.
        assert.ok(
          found.value.packages.length > 0,
          `${gpu.instancePath}: no DriverStore package (did the Antecedent filter match nothing?)`,
        );
        for (const pkg of found.value.packages) assert.ok(pkg.present && (pkg.fileCount ?? 0) > 0, `${pkg.hostPath} not measured`);
        assert.ok(Date.now() - started < 30_000, 'a filtered query takes seconds, not the minutes of a full scan');
      }
    });

    const syncVm = process.env.GPUPV_REAL_SYNC_VM;
    (syncVm ? it : it.skip)(
      `syncs the host driver into the VM named by GPUPV_REAL_SYNC_VM offline, then finds it in sync`,
      async function () {
        this.timeout(30 * 60_000);
        const inventory = await client.inventory();
        assert.ok(inventory.ok);
        const vm = inventory.value.vms.find((v) => v.name === syncVm);
        assert.ok(vm, `no VM named ${syncVm}`);
        assert.equal(vm.state, 'Off', 'the VM must be off: its disk is mounted on the host');
        const target = { Mode: 'Offline' as const, VMId: vm.id };
        const first = await syncVmDriver(client, vm, inventory.value.gpus, target, {
          onNote: (note) => console.log(`      note: ${note}`),
        });
        assert.ok(first.ok, first.ok ? '' : `${first.error.id}: ${first.error.message} ${first.error.detail ?? ''}`);
        assert.notEqual(first.value.kind, 'cancelled');
        const closeAgain = await client.invoke('Close-GuestDriverStore', { Target: target });
        assert.ok(closeAgain.ok && closeAgain.value.Dismounted === false, 'the sync left no disk of the VM mounted');
        const second = await syncVmDriver(client, vm, inventory.value.gpus, target);
        assert.ok(second.ok, second.ok ? '' : second.error.message);
        assert.equal(second.value.kind, 'in-sync');
      },
    );
  });
}
