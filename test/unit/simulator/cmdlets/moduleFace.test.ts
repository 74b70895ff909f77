/**
 * The simulated host's real-module face as the extension starts it: launchFor with the face the
 * environment chose, the production session and client, node running dist/moduleFace.js, which
 * serves the double's cmdlets and runs pwsh with the built GpuPv.psm1. It must see the host the
 * simulator face sees, keep its state where the simulator face keeps it, and fail clearly (never
 * answer as the simulator) when pwsh is missing.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HostClient } from '../../../../src/host/hostClient';
import { hostConfigSchema, launchFor, simulatedFaceOf, simulatedHostDir, type HostConfig } from '../../../../src/host/hostConfig';
import { PowerShellSession } from '../../../../src/host/session';
import { packagedFiles } from '../../../support/packagedFiles';
import { ensurePwsh } from '../../../support/realPowerShell';
import { REPO_ROOT, startSimulatedHost } from '../../../support/simulatedHost';

interface FaceHost {
  readonly client: HostClient;
  readonly session: PowerShellSession;
  readonly simDir: string;
  dispose(): Promise<void>;
}

function startModuleFace(config: HostConfig, environment: Record<string, string>): FaceHost {
  const storagePath = fs.mkdtempSync(path.join(os.tmpdir(), 'gpupv-face-test-'));
  const launch = launchFor(config, {
    extensionPath: REPO_ROOT,
    storagePath,
    powershellExecutable: 'pwsh',
    nodeExecutable: process.execPath,
    simulatedFace: simulatedFaceOf({ GPUPV_SIMULATED_FACE: 'module' }),
  });
  const session = new PowerShellSession(
    { ...launch, env: { ...launch.env, ...environment } },
    { callTimeoutMs: 60_000, startTimeoutMs: 180_000 },
  );
  return {
    client: new HostClient(session, config.name),
    session,
    simDir: simulatedHostDir(config, storagePath),
    async dispose() {
      await session.dispose();
      fs.rmSync(storagePath, { recursive: true, force: true });
    },
  };
}

describe('the simulated host on its real-module face (GPUPV_SIMULATED_FACE=module)', function () {
  this.timeout(240_000);

  it('only GPUPV_SIMULATED_FACE=module selects it', () => {
    assert.equal(simulatedFaceOf({ GPUPV_SIMULATED_FACE: 'module' }), 'module');
    for (const value of [undefined, '', 'simulator', 'Module', 'pwsh'])
      assert.equal(simulatedFaceOf({ GPUPV_SIMULATED_FACE: value }), 'simulator');
  });

  it('is for a simulated host on this computer only: one playing a remote host or a cluster keeps the simulator', () => {
    const environment = {
      extensionPath: REPO_ROOT,
      storagePath: os.tmpdir(),
      powershellExecutable: 'pwsh',
      nodeExecutable: process.execPath,
    };
    const program = (config: HostConfig) =>
      Object.keys(launchFor(config, { ...environment, simulatedFace: 'module' }).executableOptions ?? {}).map((o) => path.basename(o));
    const remote = { transport: 'ssh' as const, address: 'hv2', userName: 'hvadmin', keyFilePath: '/keys/id' };
    assert.ok(program({ kind: 'simulated', name: 'Local', scenario: 'win11-workstation' }).includes('moduleFace.js'));
    assert.ok(program({ kind: 'simulated', name: 'Remote', scenario: 'win11-workstation', remote }).includes('simulator.js'));
    const cluster = hostConfigSchema.parse({
      kind: 'cluster',
      name: 'Cluster',
      clusterName: 'HV-CLUSTER',
      transport: 'winrm',
      simulated: { scenario: 'server2025-sriov', nodes: [{ name: 'HV-NODE1', scenario: 'server2025-sriov' }] },
    }) as HostConfig;
    assert.ok(program(cluster).includes('simulator.js'));
  });

  it("runs the real module in pwsh: the inventory equals the simulator face's, and a change lands in the host's state folder", async () => {
    const config: HostConfig = { kind: 'simulated', name: 'Face host', scenario: 'win11-workstation' };
    const host = startModuleFace(config, { GPUPV_PWSH: ensurePwsh() });
    const simulated = startSimulatedHost({ scenario: 'win11-workstation' });
    try {
      const [actual, expected] = await Promise.all([host.client.inventory(), simulated.client.inventory()]);
      assert.ok(actual.ok, actual.ok ? '' : `${actual.error.message} ${actual.error.detail ?? ''}`);
      assert.ok(expected.ok);
      assert.deepEqual(actual.value.vms, expected.value.vms);
      assert.deepEqual(actual.value.gpus, expected.value.gpus);
      // The real module reports the pwsh it runs in; the simulator plays Windows PowerShell 5.1.
      assert.equal(actual.value.facts.psEdition, 'Core');
      const vm = actual.value.vms.find((v) => v.state === 'Running');
      assert.ok(vm);
      const stopped = await host.client.run({ kind: 'stop-vm', vm: { id: vm.id, name: vm.name }, turnOff: false });
      assert.ok(stopped.ok, stopped.ok ? '' : `${stopped.error.message} ${stopped.error.detail ?? ''}`);
      const state = fs.readFileSync(path.join(host.simDir, 'state.json'), 'utf8');
      assert.match(state, new RegExp(`"vmId":\\s*"${vm.id}"[^}]*"state":\\s*"Off"`));
    } finally {
      await Promise.all([host.dispose(), simulated.dispose()]);
    }
  });

  it('is packaged: the VSIX the e2e stage installs holds dist/moduleFace.js and the three modules of the double', function () {
    // vsce reads the whole tree (a few seconds, more on busy cores)
    this.timeout(90_000);
    const files = packagedFiles();
    for (const file of ['dist/moduleFace.js', ...['Hyper-V', 'CimCmdlets', 'GpuPvDouble'].map((m) => `dist/double/${m}/${m}.psm1`)]) {
      assert.ok(files.includes(file), `${file} is not packaged: ${files.join(', ')}`);
    }
  });

  it('without pwsh fails and says what to install, instead of answering as the simulator', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'gpupv-no-pwsh-'));
    const host = startModuleFace(
      { kind: 'simulated', name: 'No pwsh', scenario: 'win11-workstation' },
      { GPUPV_POWERSHELL_DIR: empty, GPUPV_PWSH: '' },
    );
    try {
      const inventory = await host.client.inventory();
      assert.equal(inventory.ok, false, 'no inventory without pwsh');
      const said = `${inventory.error.message} ${inventory.error.detail ?? ''}`;
      assert.match(said, /no pwsh was found/);
      assert.match(said, /ensure-pwsh\.mjs/);
      assert.ok(said.includes(empty), said);
    } finally {
      await host.dispose();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
