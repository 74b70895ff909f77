/**
 * The simulator as a process (dist/simulator.js, built by `npm run test:unit` before the tests),
 * driven with node-powershell's framing written by hand, and once through node-powershell itself.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvocationError, PowerShell } from 'node-powershell';
import { normalizeInventory } from '../../../src/core/normalize/inventory';
import { OPERATIONS, type Envelope, type OperationName, type OperationResult } from '../../../src/host/protocol';
import { decodeReply, formatCall, formatImportModule } from '../../../src/host/wire';
import { readFaults, writeFaults } from '../../../src/simulator/faults/faults';
import { statePath } from '../../../src/simulator/persistence/stateStore';
import { generateScenario } from '../../../src/simulator/scenarios/generateScenario';
import { writeScenarioFile } from '../../../src/simulator/scenarios/scenarioFile';
import { removeTempDirs, SIMULATOR, SimulatorProcess, tempDir } from './helpers';

function envelopeOf(stdout: string): Envelope {
  const decoded = decodeReply(stdout);
  if (!decoded.ok) assert.fail(`${decoded.error.message} ${decoded.error.detail ?? ''}`);
  return decoded.value;
}

function resultOf<Op extends OperationName>(operation: Op, stdout: string): OperationResult<Op> {
  const envelope = envelopeOf(stdout);
  if (!envelope.ok) assert.fail(`${operation} failed: ${envelope.error.message}`);
  return OPERATIONS[operation].result.parse(envelope.result) as OperationResult<Op>;
}

describe('simulator process', function () {
  this.timeout(10_000);
  const running: SimulatorProcess[] = [];

  before(function () {
    if (!existsSync(SIMULATOR())) throw new Error(`${SIMULATOR()} is missing: run the build (npm run test:unit does) first`);
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((p) => p.stop()));
  });

  after(removeTempDirs);

  /** A process of its own, for tests that kill, hang or otherwise spoil it. */
  async function start(scenario?: string, eol?: string): Promise<{ sim: SimulatorProcess; dir: string }> {
    const dir = tempDir();
    const sim = SimulatorProcess.start(dir, scenario, eol);
    running.push(sim);
    await sim.importModule();
    return { sim, dir };
  }

  // Starting node costs a few hundred ms on a busy machine: tests that leave the process usable share one per scenario.
  const shared = new Map<string, Promise<{ sim: SimulatorProcess; dir: string }>>();
  function sharedProcess(scenario = 'win11-workstation'): Promise<{ sim: SimulatorProcess; dir: string }> {
    if (!shared.has(scenario)) {
      const dir = tempDir();
      const sim = SimulatorProcess.start(dir, scenario);
      shared.set(
        scenario,
        sim.importModule().then(() => ({ sim, dir })),
      );
    }
    return shared.get(scenario)!;
  }

  after(async () => {
    await Promise.all([...shared.values()].map(async (p) => (await p).sim.stop()));
  });

  describe('answers the protocol', () => {
    for (const scenario of ['win11-workstation', 'win10-laptop', 'server2025-sriov']) {
      it(`${scenario}: Get-HostFacts and Get-Inventory validate against the protocol and normalise`, async () => {
        const { sim } = await sharedProcess(scenario);
        const facts = resultOf('Get-HostFacts', (await sim.invoke(formatCall('Get-HostFacts', {}))).stdout);
        const answer = await sim.invoke(formatCall('Get-Inventory', {}));
        assert.equal(answer.stderr, '');
        const inventory = normalizeInventory(resultOf('Get-Inventory', answer.stdout));
        assert.equal(inventory.facts.computerName, facts.ComputerName);
        assert.ok(inventory.vms.length > 0 && inventory.gpus.length > 0);
        if (scenario === 'win11-workstation') {
          const rtx = inventory.gpus.find((gpu) => gpu.friendlyName === 'NVIDIA GeForce RTX 3060');
          assert.equal(rtx?.resources.Encode.total, 18446744073709551615n);
        }
      });
    }

    it('prints exactly one base64 line per call', async () => {
      const { sim } = await sharedProcess('win10-laptop');
      const answer = await sim.invoke(formatCall('Get-Inventory', {}));
      assert.match(answer.stdout, /^[A-Za-z0-9+/]+=*$/);
    });

    it('Get-VmInventory answers one VM, and vm-not-found for an unknown id', async () => {
      const { sim } = await sharedProcess();
      const vm = resultOf(
        'Get-VmInventory',
        (await sim.invoke(formatCall('Get-VmInventory', { VMId: '5b1e6a3c-2f4d-4e8a-9c7b-0d1e2f3a4b5c' }))).stdout,
      );
      assert.ok(vm.ok, 'the VM parses');
      assert.equal(vm.value.Name, 'GPU-Workstation');
      const missing = envelopeOf(
        (await sim.invoke(formatCall('Get-VmInventory', { VMId: '00000000-0000-4000-8000-000000000000' }))).stdout,
      );
      assert.equal(!missing.ok && missing.error.id, 'vm-not-found');
    });

    it('answers unknown-operation and invalid-argument envelopes', async () => {
      const { sim } = await sharedProcess();
      const unknown = envelopeOf((await sim.invoke("Invoke-GpuPv -Operation 'Format-Disk' -Payload 'e30='")).stdout);
      assert.equal(!unknown.ok && unknown.error.id, 'unknown-operation');
      const invalid = envelopeOf((await sim.invoke(formatCall('Get-VmInventory', { VMId: 42 }))).stdout);
      assert.equal(!invalid.ok && invalid.error.id, 'invalid-argument');
      const notJson = envelopeOf(
        (await sim.invoke(`Invoke-GpuPv -Operation 'Get-Inventory' -Payload '${Buffer.from('{oops').toString('base64')}'`)).stdout,
      );
      assert.equal(!notJson.ok && notJson.error.id, 'invalid-argument');
    });

    it('accepts \\r\\n line endings (node-powershell on Windows writes os.EOL)', async () => {
      const { sim } = await sharedProcess();
      const facts = resultOf('Get-HostFacts', (await sim.invoke(formatCall('Get-HostFacts', {}), undefined, '\r\n')).stdout);
      assert.equal(facts.PSEdition, 'Core');
    });

    it('writes an unknown command to stderr the way PowerShell does, and nothing to stdout', async () => {
      const { sim } = await sharedProcess('win10-laptop');
      const answer = await sim.invoke('Get-Foo -Bar 1');
      assert.equal(answer.stdout, '');
      assert.match(
        answer.stderr,
        /^Get-Foo : The term 'Get-Foo' is not recognized as the name of a cmdlet, function, script file, or operable program\./,
      );
    });

    it('does not know Invoke-GpuPv before our module is imported', async () => {
      const dir = tempDir();
      const sim = SimulatorProcess.start(dir);
      running.push(sim);
      const answer = await sim.invoke(formatCall('Get-HostFacts', {}));
      assert.equal(answer.stdout, '');
      assert.match(answer.stderr, /Invoke-GpuPv: The term 'Invoke-GpuPv' is not recognized/);
    });

    it("answers Hyper-V's permission error to a host that is neither elevated nor a Hyper-V Administrator", async () => {
      const dir = tempDir();
      const scenario = generateScenario({ vms: 2, gpus: 1 });
      scenario.host.elevated = false;
      scenario.host.hyperVAdministrator = false;
      const file = join(dir, 'scenario.json');
      writeScenarioFile(file, scenario);
      const sim = SimulatorProcess.start(join(dir), file);
      running.push(sim);
      await sim.importModule();
      const denied = envelopeOf((await sim.invoke(formatCall('Get-Inventory', {}))).stdout);
      assert.equal(!denied.ok && denied.error.category, 'PermissionDenied');
      assert.equal(envelopeOf((await sim.invoke(formatCall('Get-HostFacts', {}))).stdout).ok, true);
    });

    it('exits with a message on stderr when GPUPV_SIM_DIR is missing', async () => {
      const sim = new SimulatorProcess({ GPUPV_SIM_DIR: '' });
      running.push(sim);
      assert.equal(await sim.exited, 1);
      assert.match(sim.rawStderr, /GPUPV_SIM_DIR is not set/);
    });

    it('keeps the state of the directory for the same or no scenario, and starts afresh for another one', async () => {
      const { sim, dir } = await start('server2025-sriov');
      await sim.stop();
      // What a mutation in the first process would have left behind.
      writeFileSync(
        statePath(dir),
        readFileSync(statePath(dir), 'utf8').replace('"computerName": "GPU-SRV01"', '"computerName": "GPU-SRV02"'),
      );
      const same = SimulatorProcess.start(dir, 'server2025-sriov');
      running.push(same);
      await same.importModule();
      assert.equal(resultOf('Get-HostFacts', (await same.invoke(formatCall('Get-HostFacts', {}))).stdout).ComputerName, 'GPU-SRV02');
      await same.stop();
      const other = SimulatorProcess.start(dir, 'win10-laptop');
      running.push(other);
      await other.importModule();
      assert.equal(resultOf('Get-HostFacts', (await other.invoke(formatCall('Get-HostFacts', {}))).stdout).ComputerName, 'LAPTOP-7Q2M9K');
      await other.stop();
      const unset = SimulatorProcess.start(dir); // no GPUPV_SIM_SCENARIO: whatever is there stays
      running.push(unset);
      await unset.importModule();
      assert.equal(resultOf('Get-HostFacts', (await unset.invoke(formatCall('Get-HostFacts', {}))).stdout).ComputerName, 'LAPTOP-7Q2M9K');
    });
  });

  describe('faults', () => {
    it('delay: answers correctly after the given time, and later lines wait in order', async () => {
      const { sim, dir } = await sharedProcess();
      writeFaults(dir, [{ operation: 'Get-Inventory', kind: 'delay', ms: 300 }]);
      const started = Date.now();
      const first = sim.send(formatCall('Get-Inventory', {}));
      const second = sim.send(formatCall('Get-HostFacts', {}));
      const secondAnswer = await sim.read(second);
      const firstAnswer = await sim.read(first);
      assert.ok(Date.now() - started >= 290, 'the delayed call took its time');
      assert.ok(sim.rawStdout.indexOf(first) < sim.rawStdout.indexOf(second), 'the delayed reply came first');
      resultOf('Get-Inventory', firstAnswer.stdout);
      resultOf('Get-HostFacts', secondAnswer.stdout);
    });

    it('crash: exits with code 1 mid-call without answering', async () => {
      const { sim, dir } = await start();
      writeFaults(dir, [{ kind: 'crash' }]);
      const delimiter = sim.send(formatCall('Get-Inventory', {}));
      assert.equal(await sim.exited, 1);
      const out = sim.rawStdout;
      assert.equal(out.split(delimiter).length - 1, 1, 'only the opening delimiter was written');
      assert.deepEqual(readFaults(dir), [], 'the fault was consumed');
    });

    it('hang: never answers and stays alive', async () => {
      const { sim, dir } = await start();
      writeFaults(dir, [{ operation: 'Get-HostFacts', kind: 'hang' }]);
      await assert.rejects(sim.invoke(formatCall('Get-HostFacts', {}), 400), /no complete answer/);
      await assert.rejects(sim.invoke(formatCall('Get-Inventory', {}), 200), /no complete answer/, 'later calls queue behind the hung one');
      assert.equal(sim.child.exitCode, null, 'still running');
    });

    it('error: answers ok:false with the catalogue text, once', async () => {
      const { sim, dir } = await sharedProcess();
      writeFaults(dir, [{ operation: 'Get-Inventory', kind: 'error', catalogId: 'mmio-above-physical-range' }]);
      const failed = envelopeOf((await sim.invoke(formatCall('Get-Inventory', {}))).stdout);
      assert.equal(failed.ok, false);
      assert.match(!failed.ok ? failed.error.message : '', /upper MMIO region \(0x00000017dffff000\)/);
      assert.equal(!failed.ok && failed.error.fullyQualifiedErrorId, 'InvalidParameter,Microsoft.HyperV.PowerShell.Commands.StartVM');
      assert.equal(envelopeOf((await sim.invoke(formatCall('Get-Inventory', {}))).stdout).ok, true, 'times defaults to 1');
    });

    it('error: a given message, for any operation, as many times as asked', async () => {
      const { sim, dir } = await sharedProcess();
      writeFaults(dir, [{ kind: 'error', message: 'Access is denied.', times: 2 }]);
      for (const op of ['Get-HostFacts', 'Get-Inventory'] as const) {
        const failed = envelopeOf((await sim.invoke(formatCall(op, {}))).stdout);
        assert.equal(!failed.ok && failed.error.message, 'Access is denied.');
      }
      assert.equal(envelopeOf((await sim.invoke(formatCall('Get-HostFacts', {}))).stdout).ok, true);
    });

    it('garbage: prints a line that is not base64', async () => {
      const { sim, dir } = await sharedProcess();
      writeFaults(dir, [{ kind: 'garbage' }]);
      const answer = await sim.invoke(formatCall('Get-Inventory', {}));
      const decoded = decodeReply(answer.stdout);
      assert.equal(!decoded.ok && decoded.error.id, 'protocol-invalid');
      assert.match(!decoded.ok ? decoded.error.message : '', /not a reply/);
    });

    it('half-envelope: prints only the first half of the reply', async () => {
      const { sim, dir } = await sharedProcess();
      const whole = (await sim.invoke(formatCall('Get-Inventory', {}))).stdout;
      writeFaults(dir, [{ kind: 'half-envelope' }]);
      const half = (await sim.invoke(formatCall('Get-Inventory', {}))).stdout;
      assert.equal(half, whole.slice(0, Math.floor(whole.length / 2)));
      const decoded = decodeReply(half);
      assert.equal(!decoded.ok && decoded.error.id, 'protocol-invalid');
    });

    it('stderr: writes the line to stderr, then answers correctly', async () => {
      const { sim, dir } = await sharedProcess();
      writeFaults(dir, [{ kind: 'stderr', message: 'WARNING: Hyper-V is busy.' }]);
      const answer = await sim.invoke(formatCall('Get-HostFacts', {}));
      assert.equal(answer.stderr, 'WARNING: Hyper-V is busy.');
      resultOf('Get-HostFacts', answer.stdout);
    });
  });

  describe('through node-powershell itself', () => {
    it('node-powershell spawns it, gets decodable replies, and reports stderr as an InvocationError', async function () {
      if (process.platform === 'win32') this.skip(); // the shim below is a POSIX shell script
      const dir = tempDir();
      const shim = join(dir, 'pwsh-sim');
      writeFileSync(shim, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(SIMULATOR())} "$@"\n`);
      chmodSync(shim, 0o755);
      const shell = new PowerShell({
        executable: shim,
        spawnOptions: { env: { ...process.env, GPUPV_SIM_DIR: join(dir, 'state'), GPUPV_SIM_SCENARIO: 'win10-laptop' } },
      });
      try {
        await shell.invoke(formatImportModule('C:\\Program Files\\GpuPv\\GpuPv.psm1'));
        const answer = await shell.invoke(formatCall('Get-Inventory', {}));
        const inventory = normalizeInventory(resultOf('Get-Inventory', answer.raw));
        assert.equal(inventory.vms[0]!.name, "Tom's R&D VM");
        await assert.rejects(
          shell.invoke('Get-Nothing'),
          (error: Error) => error instanceof InvocationError && /is not recognized/.test(error.message),
        );
      } finally {
        await shell.dispose();
      }
    });
  });
});
