/**
 * The disk side of the double: Hyper-V's VHD cmdlets over the model's mount rules, the Storage and
 * BitLocker doubles in their own script modules (so preferences reach them as they reach Windows'
 * CDXML cmdlets), and access paths that are real folders pointing into the VM's disk folder.
 */
import assert from 'node:assert/strict';
import { parseLosslessJson, type JsonValue } from '../../../../src/core/json/losslessJson';
import { runWithDouble } from '../../../support/realModuleHost';

const BUILD_AGENT_DISK = 'C:\\ProgramData\\Microsoft\\Windows\\Virtual Hard Disks\\Build-Agent.vhdx'; // Off
const WORKSTATION_DISK = 'C:\\ProgramData\\Microsoft\\Windows\\Virtual Hard Disks\\GPU-Workstation.vhdx'; // Running

function jsonOf(stdout: string): JsonValue {
  return parseLosslessJson(stdout);
}

describe('the Storage and VHD doubles below the real module', function () {
  this.timeout(240_000);

  it("a Storage error is terminating only by the call's own -ErrorAction Stop, not by its caller's preference", async () => {
    const run = await runWithDouble(
      'win11-workstation',
      [
        'New-Module -Name Caller -ScriptBlock {',
        '  function Test-Preference { $ErrorActionPreference = "Stop"; Add-PartitionAccessPath -DiskNumber 42 ' +
          '-PartitionNumber 3 -AccessPath "/nowhere/" 2>$null; "continued" }',
        '  function Test-Parameter { $ErrorActionPreference = "Stop"; try { Add-PartitionAccessPath -DiskNumber ' +
          '42 -PartitionNumber 3 -AccessPath "/nowhere/" -ErrorAction Stop; "not reached" } catch { $_.FullyQualifiedErrorId ' +
          '} }',
        '} | Import-Module',
        '@(Test-Preference) + @(Test-Parameter) + @((Get-Command Add-PartitionAccessPath).CommandType.ToString()) | ConvertTo-Json -Compress',
      ].join('\n'),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(jsonOf(run.stdout), ['continued', 'CmdletizationQuery_NotFound_DiskNumber,Add-PartitionAccessPath', 'Function']);
  });

  it('mounts a disk of a VM that is off, gives its Windows partition an access path into the disk folder, and dismounts it', async () => {
    const run = await runWithDouble(
      'win11-workstation',
      [
        `$vhd = Mount-VHD -Path '${BUILD_AGENT_DISK}' -NoDriveLetter -Passthru -ErrorAction Stop`,
        "$partition = @(Get-Partition -DiskNumber $vhd.DiskNumber -ErrorAction Stop | Where-Object { $_.Type -eq 'Basic' })[0]",
        "$folder = Join-Path -Path $env:ProgramData -ChildPath 'mnt-test'",
        '$null = New-Item -ItemType Directory -Path $folder',
        "Add-PartitionAccessPath -DiskNumber $vhd.DiskNumber -PartitionNumber $partition.PartitionNumber -AccessPath ($folder + '\\') -ErrorAction Stop",
        "$mounted = Test-Path -LiteralPath (Join-Path -Path $folder -ChildPath 'Windows/System32/config/SYSTEM')",
        '$reparse = ((Get-Item -LiteralPath $folder -Force).Attributes -band [IO.FileAttributes]::ReparsePoint) -ne 0',
        `$attached = (Get-VHD -Path '${BUILD_AGENT_DISK}').Attached`,
        `Dismount-VHD -Path '${BUILD_AGENT_DISK}' -ErrorAction Stop`,
        '$after = Get-Item -LiteralPath $folder -Force',
        `@{ Disk = $vhd.DiskNumber; Partition = $partition.PartitionNumber; Mounted = $mounted; Reparse = $reparse; ` +
          `Attached = $attached; AttachedAfter = (Get-VHD -Path '${BUILD_AGENT_DISK}').Attached; EmptyFolderAfter ` +
          `= (($after.Attributes -band [IO.FileAttributes]::ReparsePoint) -eq 0 -and @(Get-ChildItem -LiteralPath ` +
          `$folder).Count -eq 0) } | ConvertTo-Json -Compress`,
      ].join('\n'),
    );
    assert.equal(run.code, 0, run.stderr);
    const answer = jsonOf(run.stdout) as Record<string, JsonValue>;
    assert.ok(typeof answer.Disk === 'number' && answer.Disk > 0, JSON.stringify(answer));
    assert.deepEqual(
      { ...answer, Disk: null },
      { Disk: null, Partition: 3, Mounted: true, Reparse: true, Attached: true, AttachedAfter: false, EmptyFolderAfter: true },
    );
  });

  it("refuses to mount a running VM's disk with Hyper-V's sharing violation", async () => {
    const run = await runWithDouble(
      'win11-workstation',
      [
        `try { Mount-VHD -Path '${WORKSTATION_DISK}' -NoDriveLetter -Passthru -ErrorAction Stop; 'mounted' } catch { $_.FullyQualifiedErrorId; $_.ToString() }`,
        `(Get-VHD -Path '${WORKSTATION_DISK}').Attached`,
      ].join('\n'),
    );
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines[0], 'ObjectInUse,Microsoft.Vhd.PowerShell.Cmdlets.MountVHD');
    assert.match(lines.slice(1, -1).join('\n'), /used by another process/);
    assert.equal(lines.at(-1), 'False');
  });
});
