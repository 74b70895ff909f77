/**
 * Hostile names cross the whole path unchanged: from the simulated host's Hyper-V model to the
 * domain model, and from our arguments to the host and back, while every line the session sends
 * parses as exactly one PowerShell command whose arguments are literals (the module's import line:
 * a fixed expression around one base64 literal).
 */
import * as assert from 'node:assert/strict';
import { formatImportModule, parseImportModule } from '../../../src/host/wire';
import { generateScenario } from '../../../src/simulator/scenarios/generateScenario';
import { listCommands, loadPowerShellParser, syntaxErrors } from '../../support/powershellSyntax';
import { startSimulatedHost, type SimulatedHost } from '../../support/simulatedHost';

const HOSTILE_NAMES = [
  `it's "quoted" ‘typographic’ ‚low‛`,
  'dollar $(Remove-Item C:\\ -Recurse) and $env:USERNAME',
  'back`tick`n and `$x',
  'semi; Stop-Computer -Force; | pipe & amp',
  'new\nline and\r\ncarriage return',
  'Ünïcödé 中文 عربي 🚀',
];

describe('hostile VM names through the session and the simulated host', function () {
  this.timeout(30_000);
  let host: SimulatedHost;

  before(async () => {
    await loadPowerShellParser();
    const scenario = generateScenario({ vms: HOSTILE_NAMES.length, gpus: 1 });
    scenario.vms.forEach((vm, i) => ((vm as { name: string }).name = HOSTILE_NAMES[i]!));
    host = startSimulatedHost({ scenario, recordLines: true });
  });
  after(() => host.dispose());

  it('arrive in the inventory exactly as the host holds them', async () => {
    const inventory = await host.client.inventory();
    assert.ok(inventory.ok, inventory.ok ? '' : inventory.error.message);
    assert.deepEqual(inventory.value.vms.map((vm) => vm.name).sort(), [...HOSTILE_NAMES].sort());
  });

  it('travel to the host as arguments and come back unchanged', async () => {
    for (const name of HOSTILE_NAMES) {
      // An unknown GPU instance path: the host echoes the value it received in its error text.
      const result = await host.client.invoke('Set-GpuPartitionCount', { InstancePath: name, PartitionCount: 4 });
      assert.equal(result.ok, false);
      assert.ok(!result.ok && result.error.detail?.includes(name), `the host received ${JSON.stringify(name)} unchanged`);
    }
  });

  it('never make a sent line parse as more than one command, or as anything but literals', () => {
    assert.ok(host.sentLines.length >= HOSTILE_NAMES.length + 1);
    for (const line of [...host.sentLines, ...host.launch.startupLines]) {
      assert.doesNotMatch(line, /[\r\n]/);
      assert.deepEqual(syntaxErrors(line), [], line);
      const commands = listCommands(line);
      assert.equal(commands.length, 1, line);
      assert.deepEqual(commands[0]!.positional, [], line);
      // The import line's -Name decodes its one base64 literal: fixed code, whatever the path.
      const modulePath = parseImportModule(line);
      if (modulePath !== null) {
        assert.equal(line, formatImportModule(modulePath));
        continue;
      }
      for (const parameter of commands[0]!.parameters) {
        if (parameter.value) assert.equal(parameter.value.literal?.kind, 'verbatim', `${parameter.name} of ${line}`);
      }
    }
  });
});
