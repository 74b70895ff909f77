/**
 * A remote Hyper-V host over a real transport: the production session, the module's real
 * Connect-GpuPvRemote over SSH to the sshd on loopback, the module imported in the remote pwsh, and
 * there the Hyper-V double first on PSModulePath, its cmdlet server (in this process) answering from
 * the simulator's state. Reads and writes forwarded this way answer what the simulated host answers
 * for the same scenario.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { GpuPvAction } from '../../src/core/actions/gpuPvAction';
import type { HostInventory } from '../../src/core/model';
import type { HostClient } from '../../src/host/hostClient';
import type { PowerShellSession } from '../../src/host/session';
import { startCmdletServer, type CmdletServer } from '../../src/simulator/cmdlets/cmdletServer';
import { StateStore } from '../../src/simulator/persistence/stateStore';
import { resolveScenario } from '../../src/simulator/scenarios/resolveScenario';
import { DOUBLE_MODULES } from '../support/realModuleHost';
import { ensurePwsh } from '../support/realPowerShell';
import { releaseAll } from '../support/releaseAll';
import { startSimulatedHost, type SimulatedHost } from '../support/simulatedHost';
import { connectOverSsh, REMOTE_HOST_NAME, startSshServer, type SshServer } from '../support/sshServer';

const SCENARIO = 'win11-workstation';
/** Off in the scenario: a partition can be assigned without a restart. */
const OFF_VM = { id: '3c7d8e2a-1b4f-4a6e-9d2c-5e8f7a1b3c4d', name: 'Build-Agent' };

function must<T>(result: { ok: true; value: T } | { ok: false; error: { id: string; message: string } }): T {
  assert.ok(result.ok, result.ok ? '' : `${result.error.id}: ${result.error.message}`);
  return result.value;
}

/** What both faces must agree on: everything but the facts of the computer the module runs on. */
function hyperV({ vms, gpus, invalid }: HostInventory): Omit<HostInventory, 'facts'> {
  return { vms, gpus, invalid };
}

function adapterIds(inventory: HostInventory): string[] {
  return inventory.vms.find((v) => v.id === OFF_VM.id)?.adapters.map((a) => a.id) ?? [];
}

/** `value` with the id of the adapter a call made named instead: Hyper-V gives each new adapter a new GUID. */
function namingNew(value: unknown, id: string): unknown {
  if (value === id) return '<the new adapter>';
  if (Array.isArray(value)) return value.map((item) => namingNew(item, id));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, namingNew(v, id)]));
  return value;
}

/** What an assignment answered and the host's inventory after it, with the new adapter named. */
async function assignOn(client: HostClient, assign: GpuPvAction, before: HostInventory): Promise<unknown> {
  const answer = must(await client.run(assign));
  const after = must(await client.inventory());
  const added = adapterIds(after).filter((id) => !adapterIds(before).includes(id));
  assert.equal(added.length, 1, 'the host kept one new partition');
  return namingNew({ answer, after: hyperV(after) }, added[0]!);
}

describe('a remote Hyper-V host over SSH: the real module in the remote pwsh, over the Hyper-V double', function () {
  this.timeout(240_000);
  let storage: string;
  let cmdlets: CmdletServer;
  let server: SshServer;
  let simulated: SimulatedHost;
  let session: PowerShellSession | undefined;

  before(async function () {
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'gpupv-ssh-hyperv-'));
    cmdlets = await startCmdletServer(
      StateStore.open(path.join(storage, 'sim'), resolveScenario(SCENARIO)),
      path.join(storage, 'cmdlets.sock'),
    );
    // The host's ProgramData, where the module keeps its driver sync records.
    const programData = path.join(storage, 'ProgramData');
    fs.mkdirSync(programData);
    server = await startSshServer(ensurePwsh(), {
      remoteModulePath: [DOUBLE_MODULES],
      remoteEnv: { GPUPV_DOUBLE_SOCKET: cmdlets.socketPath, ProgramData: programData },
    });
    simulated = startSimulatedHost({ scenario: SCENARIO });
  });

  after(async function () {
    await releaseAll(
      () => session?.dispose(),
      () => simulated?.dispose(),
      () => server?.stop(),
      () => cmdlets?.close(),
      () => storage && fs.rmSync(storage, { recursive: true, force: true }),
    );
  });

  it('forwards the inventory and a partition assignment; each answers what the simulated host answers', async function () {
    const connection = connectOverSsh(server, path.join(storage, 'extension'), { keyFilePath: server.clientKey });
    session = connection.session;
    const { client } = connection;

    const inventory = must(await client.inventory());
    assert.equal(inventory.facts.computerName, REMOTE_HOST_NAME, 'the module ran in the remote pwsh');
    assert.equal(inventory.facts.hyperVModule, true, 'the double stands in for the Hyper-V module there');
    const asked = cmdlets.answered();
    assert.ok(asked > 0, 'the remote module’s cmdlet calls reached the double');
    assert.deepEqual(hyperV(inventory), hyperV(must(await simulated.client.inventory())));

    const assign: GpuPvAction = { kind: 'assign-gpu', vm: OFF_VM, gpu: null, sizes: null };
    const remote = await assignOn(client, assign, inventory);
    assert.ok(cmdlets.answered() > asked, 'the write went through the double too');
    assert.deepEqual(remote, await assignOn(simulated.client, assign, must(await simulated.client.inventory())));
    assert.equal(session.shellsStarted, 1, 'one connection for every call');
  });
});
