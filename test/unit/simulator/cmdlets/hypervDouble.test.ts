/**
 * The Hyper-V double below the real module: the cmdlet-level face of the simulated host's model.
 * The real GpuPv.psm1 in pwsh, through the production session and client, must see the same host
 * as the module-level face; the double's cmdlets must print the shapes Windows prints (the output
 * fixtures, which the normaliser parses) and bind parameters as the real cmdlets do.
 */
import assert from 'node:assert/strict';
import { parseLosslessJson, type JsonValue } from '../../../../src/core/json/losslessJson';
import { normalizeAdapter, normalizeGpu } from '../../../../src/core/normalize/inventory';
import { rawAdapter, rawPartitionableGpu } from '../../../../src/core/normalize/rawShapes';
import {
  CHECKPOINT_TYPES,
  SIMULATED_VM_STATES,
  START_ACTIONS,
  STOP_ACTIONS,
  type ScenarioInput,
} from '../../../../src/simulator/hyperv/state';
import { checkpointTypeEnum, startActionEnum, stopActionEnum, vmStateEnum } from '../../../../src/simulator/output/enums';
import { BUILT_IN_SCENARIOS, BUILT_IN_SCENARIO_NAMES } from '../../../../src/simulator/scenarios/builtIn';
import { signatureOf } from '../../../support/cmdletSignatures';
import { asRecord, fixture } from '../../../support/fixtures';
import { runWithDouble, startRealModuleHost } from '../../../support/realModuleHost';
import { startSimulatedHost } from '../../../support/simulatedHost';

const UINT64_MAX = 18446744073709551615n;

function jsonOf(stdout: string): JsonValue {
  return parseLosslessJson(stdout);
}

describe('the Hyper-V double below the real module', function () {
  // Each case starts pwsh (seconds, more on a loaded machine).
  this.timeout(240_000);

  for (const scenario of BUILT_IN_SCENARIO_NAMES) {
    it(`${scenario}: the real module's inventory equals the simulated host's, VM by VM and GPU by GPU`, async () => {
      const simulated = startSimulatedHost({ scenario });
      const real = await startRealModuleHost({ scenario });
      try {
        const [expected, actual] = await Promise.all([simulated.client.inventory(), real.client.inventory()]);
        assert.ok(expected.ok && actual.ok, JSON.stringify([expected.ok || expected.error, actual.ok || actual.error]));
        assert.deepEqual(actual.value.vms, expected.value.vms);
        assert.deepEqual(actual.value.gpus, expected.value.gpus);
        // The other facts come from the machine pwsh runs on (its name, build, token).
        const { hyperVModule, inventoryCmdlet, supportsInstancePath } = expected.value.facts;
        assert.deepEqual(
          {
            hyperVModule: actual.value.facts.hyperVModule,
            inventoryCmdlet: actual.value.facts.inventoryCmdlet,
            supportsInstancePath: actual.value.facts.supportsInstancePath,
          },
          { hyperVModule, inventoryCmdlet, supportsInstancePath },
        );
      } finally {
        await Promise.all([simulated.dispose(), real.dispose()]);
      }
    });
  }

  it("prints the fixtures' shapes in PowerShell 7: property names in order, UInt64 exact, enums as numbers; the normaliser takes them", async () => {
    const run = await runWithDouble(
      'win11-workstation',
      [
        "$gpu = Get-VMHostPartitionableGpu | Select-Object -Property '*' -ExcludeProperty 'CimSession'",
        "$adapter = Get-VMGpuPartitionAdapter -VMName 'GPU-Workstation' | Select-Object -Property '*' -ExcludeProperty 'CimSession'",
        "$vm = Get-VM -Name 'GPU-Workstation'",
        '$enums = @{}',
        "foreach ($type in 'VMState', 'CheckpointType', 'StopAction', 'StartAction') { $t = \"Microsoft.HyperV.PowerShell.$type\" " +
          '-as [type]; $enums[$type] = [ordered]@{}; foreach ($name in [Enum]::GetNames($t)) { $enums[$type][$name] ' +
          '= [int] [Enum]::Parse($t, $name) } }',
        'ConvertTo-Json -Compress -Depth 5 -InputObject @{ Gpu = @($gpu)[0]; Adapter = $adapter; State = $vm.State; ' +
          'CheckpointType = $vm.CheckpointType; TypeName = $vm.PSObject.TypeNames[0]; Enums = $enums }',
      ].join('; '),
    );
    assert.equal(run.code, 0, run.stderr);
    const printed = asRecord(jsonOf(run.stdout));
    const gpu = asRecord(printed.Gpu);
    assert.deepEqual(Object.keys(gpu), Object.keys(asRecord(fixture('get-vmhostpartitionablegpu.rtx3060-gpupv.json'))));
    assert.equal(gpu.TotalEncode, UINT64_MAX, 'UInt64 beyond 2^53 printed exactly');
    const adapter = asRecord(printed.Adapter);
    assert.deepEqual(
      Object.keys(adapter).sort(),
      Object.keys(asRecord(fixture('get-vmgpupartitionadapter.easy-gpu-pv-50pct.composite.json'))).sort(),
    );
    assert.equal(printed.State, 2, 'VMState.Running prints as its number, as on Windows');
    assert.equal(printed.CheckpointType, 2, 'CheckpointType.Disabled prints as its number');
    assert.equal(printed.TypeName, 'Microsoft.HyperV.PowerShell.VirtualMachine');
    // The .NET enums carry the numbers the simulated host prints for 5.1 (src/simulator/output/enums.ts).
    const enums = asRecord(printed.Enums);
    const expected = (names: readonly string[], of: (name: never) => { value: number }) =>
      Object.fromEntries(names.map((name) => [name, BigInt(of(name as never).value)]));
    const numbers = (value: JsonValue | undefined) =>
      Object.fromEntries(Object.entries(asRecord(value)).map(([k, v]) => [k, BigInt(v as number | bigint)]));
    assert.deepEqual(numbers(enums.VMState), { Other: 1n, ...expected(SIMULATED_VM_STATES, vmStateEnum) });
    assert.deepEqual(numbers(enums.CheckpointType), expected(CHECKPOINT_TYPES, checkpointTypeEnum));
    assert.deepEqual(numbers(enums.StopAction), expected(STOP_ACTIONS, stopActionEnum));
    assert.deepEqual(numbers(enums.StartAction), expected(START_ACTIONS, startActionEnum));
    assert.equal(normalizeGpu(rawPartitionableGpu.parse(gpu), []).partitionCount, 32);
    assert.equal(normalizeAdapter(rawAdapter.parse(adapter)).partitionId, 0);
  });

  it("binds as the real cmdlets do: a wrong type, an unknown or Windows 11-only parameter is refused by PowerShell's binder", async () => {
    const run = await runWithDouble(
      'win10-laptop',
      [
        "$vm = Get-VM -Name 'Tom''s R&D VM'",
        'function Test-Call([scriptblock] $Call) { try { $null = & $Call; "bound" } catch { $_.FullyQualifiedErrorId } }',
        '@(',
        '  (Test-Call { Set-VM -VM $vm -LowMemoryMappedIoSpace 4294967296 -ErrorAction Stop }),',
        '  (Test-Call { Set-VM -VM $vm -LowMmioSpace 1 -ErrorAction Stop }),',
        "  (Test-Call { Add-VMGpuPartitionAdapter -VM $vm -InstancePath 'x' -ErrorAction Stop }),",
        "  (Test-Call { Get-VMGpuPartitionAdapter -VM 'not a VM object' -ErrorAction Stop }),",
        '  [bool] (Get-Command -Name Get-VMHostPartitionableGpu -ErrorAction SilentlyContinue),',
        '  [bool] (Get-Command -Name Get-VMPartitionableGpu -ErrorAction SilentlyContinue)',
        ') | ConvertTo-Json -Compress',
      ].join('\n'),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(jsonOf(run.stdout), [
      // A function's binder names the conversion failure as a transformation error; Windows' compiled
      // Set-VM says CannotConvertArgumentNoMessage. Both refuse before Hyper-V is asked.
      'ParameterArgumentTransformationError,Set-VM',
      'NamedParameterNotFound,Set-VM',
      'NamedParameterNotFound,Add-VMGpuPartitionAdapter',
      'MismatchedPSTypeName,Get-VMGpuPartitionAdapter',
      false,
      true,
    ]);
  });

  it('takes only parameter names the signature table (from Microsoft reference) lists for the real cmdlet', async () => {
    const run = await runWithDouble(
      'win11-workstation',
      [
        '$common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters',
        "$commands = @(Get-Command -Module 'Hyper-V', 'CimCmdlets', 'Storage', 'BitLocker', 'GpuPvRemotingDouble', 'WindowsAclDouble')",
        '$table = [ordered]@{}',
        'foreach ($command in $commands) { $table[$command.Name] = @($command.Parameters.Keys | Where-Object { $common -notcontains $_ }) }',
        'ConvertTo-Json -Compress -InputObject $table',
      ].join('\n'),
    );
    assert.equal(run.code, 0, run.stderr);
    const table = asRecord(jsonOf(run.stdout));
    assert.ok(Object.keys(table).length >= 12, Object.keys(table).join(', '));
    for (const [cmdlet, parameters] of Object.entries(table)) {
      const signature = signatureOf(cmdlet);
      assert.ok(signature, `${cmdlet} is in the signature table`);
      for (const parameter of parameters as string[])
        assert.ok(signature.parameters.includes(parameter), `${cmdlet} -${parameter} is in the table`);
    }
  });

  it("reports errors as a compiled cmdlet does: the caller's Stop makes them terminating, with Windows' id; else they continue", async () => {
    const run = await runWithDouble(
      'win11-workstation',
      [
        "$unknown = '00000000-0000-4000-8000-000000000001'",
        'New-Module -Name Caller -ScriptBlock {',
        '  function Test-Stop { $ErrorActionPreference = "Stop"; try { Get-VM -Id $args[0]; "not reached" } catch ' +
          '{ $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString(); $_.ToString() } }',
        '  function Test-Continue { $ErrorActionPreference = "Continue"; Get-VM -Id $args[0] 2>$null; "continued" }',
        '  function Test-Silent { $ErrorActionPreference = "Stop"; Get-VM -Id $args[0] -ErrorAction SilentlyContinue; "silenced" }',
        '} | Import-Module',
        '@(Test-Stop $unknown) + @(Test-Continue $unknown) + @(Test-Silent $unknown) | ConvertTo-Json -Compress',
      ].join('\n'),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(jsonOf(run.stdout), [
      'ObjectNotFound,Microsoft.HyperV.PowerShell.Commands.GetVM',
      'ObjectNotFound',
      'Hyper-V was unable to find a virtual machine with ID "00000000-0000-4000-8000-000000000001".',
      'continued',
      'silenced',
    ]);
  });

  it('a host without the Hyper-V feature: the double does not load and the real module answers hyperv-missing', async () => {
    const scenario = structuredClone(BUILT_IN_SCENARIOS['win11-workstation']) as unknown as ScenarioInput;
    scenario.host.hyperVModule = false;
    const real = await startRealModuleHost({ scenario });
    try {
      const facts = await real.client.hostFacts();
      assert.ok(facts.ok && !facts.value.hyperVModule && facts.value.inventoryCmdlet === null, JSON.stringify(facts.ok && facts.value));
      const inventory = await real.client.inventory();
      assert.ok(!inventory.ok && inventory.error.id === 'hyperv-missing', JSON.stringify(inventory));
    } finally {
      await real.dispose();
    }
  });
});
