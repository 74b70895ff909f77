// The signature check bites: typos, abbreviations, unknown cmdlets, 7-only parameters fail and say why.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import {
  COMMON_PARAMETERS,
  allSignatures,
  checkCommand,
  checkCommands,
  formatIssue,
  signatureOf,
  signaturesOfFunctions,
  type SignatureCheckOptions,
} from '../../support/cmdletSignatures';
import { listCommands, listFunctions, loadPowerShellParser } from '../../support/powershellSyntax';
import { cmdletReferencePath } from '../../support/fixtures';

function issuesOf(code: string, options?: SignatureCheckOptions): string[] {
  return checkCommands(listCommands(code), options).map(formatIssue);
}

describe('cmdlet signature check', function () {
  before(async function () {
    this.timeout(10_000);
    await loadPowerShellParser();
  });

  it('fails a misspelt parameter and names it (Set-VM -LowMemoryMappedIoSpac)', function () {
    const issues = issuesOf('Set-VM -LowMemoryMappedIoSpac 1GB');
    assert.equal(issues.length, 1, issues.join('\n'));
    assert.match(issues[0]!, /-LowMemoryMappedIoSpac is not a parameter of Set-VM/);
    assert.match(issues[0]!, /-LowMemoryMappedIoSpace/, 'suggests the real name');
  });

  it('passes the same call spelt right, with documented aliases and any letter case', function () {
    assert.deepEqual(
      issuesOf("Set-VM -VMName 'GPUPV' -LowMemoryMappedIoSpace 1GB -HighMemoryMappedIoSpace 32GB -GuestControlledCacheTypes $true"),
      [],
    );
    assert.deepEqual(issuesOf("set-vm -name 'GPUPV' -lowmemorymappediospace 1GB -ErrorAction Stop -WhatIf"), []);
    assert.deepEqual(issuesOf("Get-VMGpuPartitionAdapter -VMName 'a' | Remove-VMGpuPartitionAdapter -Confirm:$false"), []);
  });

  it('refuses abbreviations, which PowerShell itself would accept', function () {
    const issues = issuesOf("Set-VM -Name 'a' -GuestControlled $true");
    assert.equal(issues.length, 1);
    assert.match(issues[0]!, /abbreviations are not accepted: spell out -GuestControlledCacheTypes/);
  });

  it('catches a typo written with an en dash too', function () {
    assert.match(issuesOf('Set-VM \u2013LowMemoryMappedIoSpac 1GB').join(), /LowMemoryMappedIoSpac is not a parameter/);
  });

  it('refuses unknown cmdlets and aliases', function () {
    assert.match(issuesOf("Set-VMGpuPartition -VMName 'a'").join(), /unknown cmdlet/);
    assert.match(issuesOf("select -Property 'a'").join(), /not a Verb-Noun cmdlet name/);
    assert.match(issuesOf('gvm').join(), /not a Verb-Noun cmdlet name/);
  });

  it('refuses -WhatIf where the cmdlet has no ShouldProcess, and short common-parameter aliases', function () {
    assert.match(issuesOf("Get-VM -Name 'a' -WhatIf").join(), /-WhatIf is not a parameter of Get-VM/);
    assert.match(issuesOf("Get-VM -Name 'a' -ea Stop").join(), /-ea is not a parameter of Get-VM/);
  });

  it('refuses PowerShell 7-only parameters unless the target is PowerShell 7', function () {
    assert.match(issuesOf('ConvertTo-Json -InputObject $x -AsArray').join(), /-AsArray exists only in PowerShell 7/);
    assert.match(issuesOf("Get-VM -Name 'a' -ProgressAction SilentlyContinue").join(), /only in PowerShell 7/);
    assert.deepEqual(issuesOf('ConvertTo-Json -InputObject $x -AsArray', { target: 'core' }), []);
  });

  it('refuses parameters Windows PowerShell 5.1 lacks though its cmdlet has them in 7 (Get-ChildItem, Invoke-Command)', function () {
    // Neither is in the 5.1 reference's syntax blocks: -FollowSymlink came with 6.0, -RemoteDebug with 6.
    assert.match(
      issuesOf("Get-ChildItem -LiteralPath 'C:\\a' -Recurse -FollowSymlink").join(),
      /-FollowSymlink exists only in PowerShell 7/,
    );
    assert.match(issuesOf('Invoke-Command -Session $s -ScriptBlock { 1 } -RemoteDebug').join(), /-RemoteDebug exists only in PowerShell 7/);
    assert.deepEqual(issuesOf("Get-ChildItem -LiteralPath 'C:\\a' -FollowSymlink", { target: 'core' }), []);
  });

  it('refuses a parameter given twice, also through an alias', function () {
    assert.match(issuesOf("Set-VM -Name 'a' -VMName 'b'").join(), /-VMName binds -Name, already given as -Name/);
  });

  it('checks module qualifiers and refuses splatting unless allowed', function () {
    assert.deepEqual(issuesOf("Hyper-V\\Get-VM -Name 'a'"), []);
    assert.match(issuesOf("Storage\\Get-VM -Name 'a'").join(), /belongs to Hyper-V/);
    assert.match(issuesOf('Set-VM @settings').join(), /@settings is splatted/);
    assert.deepEqual(issuesOf('Set-VM @settings', { allowSplatting: true }), []);
  });

  it('checks calls to a script’s own functions; simple functions take no common parameters', function () {
    const script =
      'function Get-A { param($X) }\nfunction Get-B { [CmdletBinding()] param($Y) }\nGet-A -X 1 -ErrorAction Stop\nGet-B -Y 1 -ErrorAction Stop\nGet-A -Z 1';
    const extra = signaturesOfFunctions(listFunctions(script));
    const issues = checkCommands(listCommands(script), { extra }).map(formatIssue);
    assert.equal(issues.length, 2, issues.join('\n'));
    assert.match(issues[0]!, /-ErrorAction is not a parameter of Get-A/);
    assert.match(issues[1]!, /-Z is not a parameter of Get-A/);
  });

  it('leaves dynamic invocations alone', function () {
    const [cmd] = listCommands('& $block -Anything 1');
    assert.ok(cmd);
    assert.deepEqual(checkCommand(cmd), []);
  });

  describe('the table', function () {
    it('covers every cmdlet the module and the write actions use', function () {
      const needed = [
        'Add-VMGpuPartitionAdapter',
        'Set-VMGpuPartitionAdapter',
        'Remove-VMGpuPartitionAdapter',
        'Get-VMGpuPartitionAdapter',
        'Get-VMHostPartitionableGpu',
        'Set-VMHostPartitionableGpu',
        'Get-VMPartitionableGpu',
        'Set-VMPartitionableGpu',
        'Set-VM',
        'Set-VMMemory',
        'Start-VM',
        'Stop-VM',
        'Get-VM',
        'Checkpoint-VM',
        'Mount-VHD',
        'Dismount-VHD',
        'Get-Disk',
        'Get-Partition',
        'Get-Volume',
        'Get-BitLockerVolume',
        'New-PSSession',
        'Remove-PSSession',
        'Copy-Item',
        'Invoke-Command',
        'Copy-VMFile',
        'Get-CimInstance',
        'Get-Command',
        'Import-Module',
        'ConvertTo-Json',
        'ConvertFrom-Json',
        'Select-Object',
        'Where-Object',
        'ForEach-Object',
        'Group-Object',
        'Sort-Object',
        'Get-ItemProperty',
        'Get-ClusterNode',
        // driver sync
        'Get-VHD',
        'Get-VMHardDiskDrive',
        'Add-PartitionAccessPath',
        'Remove-PartitionAccessPath',
        'Get-FileHash',
        'Add-Type',
      ];
      assert.deepEqual(
        needed.filter((n) => !signatureOf(n)),
        [],
      );
    });

    it('is consistent: unique names, aliases that point at parameters, 7-only names that exist', function () {
      const names = allSignatures().map((s) => s.name.toLowerCase());
      assert.equal(new Set(names).size, names.length, 'duplicate cmdlet');
      const common = new Set(COMMON_PARAMETERS.map((p) => p.toLowerCase()));
      for (const s of allSignatures()) {
        const params = new Set(s.parameters.map((p) => p.toLowerCase()));
        assert.equal(params.size, s.parameters.length, `${s.name}: duplicate parameter`);
        for (const p of s.parameters) assert.ok(!common.has(p.toLowerCase()), `${s.name}: ${p} is a common parameter`);
        for (const [alias, target] of Object.entries(s.aliases ?? {})) {
          assert.ok(params.has(target.toLowerCase()), `${s.name}: alias ${alias} -> unknown ${target}`);
          assert.ok(!params.has(alias.toLowerCase()), `${s.name}: alias ${alias} is also a parameter`);
        }
        for (const p of s.ps7Only ?? []) assert.ok(params.has(p.toLowerCase()), `${s.name}: 7-only ${p} not listed`);
      }
    });

    // The reference the table is built from is kept in the repository with the other test data.
    const reference = cmdletReferencePath();
    it('accepts every parameter the cmdlet reference shows in its syntax blocks', function () {
      const missing: string[] = [];
      let checked = 0;
      const blocks = readFileSync(reference, 'utf8')
        .split('```')
        .filter((_, i) => i % 2 === 1);
      for (const block of blocks) {
        let current: string | undefined;
        for (const line of block.split('\n')) {
          const head = /^([A-Z][a-z]+-[A-Za-z]+)\b/.exec(line);
          if (head) current = head[1];
          if (!current || !signatureOf(current)) continue;
          // Parameters follow a space or a bracket: `[-VMName] <String[]>`; the dash in `Get-VM` does not.
          for (const [, param] of line.replace(/#.*$/, '').matchAll(/(?:^|[\s[])-([A-Za-z]+)\b/g)) {
            checked++;
            const [cmd] = listCommands(`${current} -${param}`);
            if (cmd && checkCommand(cmd).length > 0) missing.push(`${current} -${param}`);
          }
        }
      }
      // The Set-VM table: "| `-GuestControlledCacheTypes` |" rows, or "| `Set-VMMemory -DynamicMemoryEnabled` |".
      for (const [, cmdlet, param] of readFileSync(reference, 'utf8').matchAll(/^\| `(?:([A-Z][a-z]+-[A-Za-z]+) )?-([A-Za-z]+)`/gm)) {
        checked++;
        const [cmd] = listCommands(`${cmdlet ?? 'Set-VM'} -${param}`);
        if (cmd && checkCommand(cmd).length > 0) missing.push(`${cmdlet ?? 'Set-VM'} -${param}`);
      }
      assert.ok(checked > 40, `only ${checked} parameters found in the reference`);
      assert.deepEqual(missing, []);
    });
  });
});
