/**
 * PowerShell Direct in the double: a session to a running guest whose C: is the VM's disk folder,
 * refused as Hyper-V refuses it (a VM that is off, a wrong credential).
 */
import assert from 'node:assert/strict';
import { parseLosslessJson } from '../../../../src/core/json/losslessJson';
import { runWithDouble } from '../../../support/realModuleHost';

// win11-workstation: GPU-Workstation runs, Build-Agent is off; the guest account of the scenario.
const WORKSTATION = '5b1e6a3c-2f4d-4e8a-9c7b-0d1e2f3a4b5c';
const BUILD_AGENT = '3c7d8e2a-1b4f-4a6e-9d2c-5e8f7a1b3c4d';

function credential(user: string, password: string): string {
  return `$credential = [pscredential]::new('${user}', (ConvertTo-SecureString -String '${password}' -AsPlainText -Force))`;
}

describe('the PowerShell Direct double below the real module', function () {
  this.timeout(240_000);

  it("refuses a VM that is off and a wrong password with PowerShell Direct's words", async () => {
    const run = await runWithDouble(
      'win11-workstation',
      [
        credential('dev', 'wrong'),
        'function Test-Open($id) { try { $null = New-PSSession -VMId $id -Credential $credential -ErrorAction Stop; "opened" } catch { $_.ToString() } }',
        `@((Test-Open '${BUILD_AGENT}'), (Test-Open '${WORKSTATION}')) | ConvertTo-Json -Compress`,
      ].join('\n'),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(parseLosslessJson(run.stdout), [
      "The virtual machine 'Build-Agent' is not in running state.",
      'The credential is invalid.',
    ]);
  });

  it("runs the guest's side with its C: on the VM's disk folder: arguments, answers and Copy-Item -ToSession cross as C:\\ paths", async () => {
    const run = await runWithDouble(
      'win11-workstation',
      [
        credential('dev', 'gpupv'),
        `$session = New-PSSession -VMId '${WORKSTATION}' -Credential $credential -ErrorAction Stop`,
        "$file = Join-Path -Path $env:ProgramData -ChildPath 'note.txt'",
        "Set-Content -LiteralPath $file -Value 'from the host' -NoNewline",
        "Copy-Item -LiteralPath $file -Destination 'C:\\Windows\\Temp\\note.txt' -ToSession $session -ErrorAction Stop",
        "$answer = Invoke-Command -Session $session -ArgumentList @{ Store = 'C:\\Windows\\System32\\HostDriverStore\\FileRepository\\nv_dispi.inf_amd64_4bf4c17fa8a478b5'; " +
          "Note = 'C:\\Windows\\Temp\\note.txt' } -ScriptBlock {",
        '  param($Paths)',
        '  [pscustomobject]@{ Store = [IO.Directory]::Exists($Paths.Store); Note = [IO.File]::ReadAllText($Paths.Note); ' +
          'System = [IO.Path]::Combine($env:SystemRoot, "System32") }',
        '}',
        'Remove-PSSession -Session $session',
        "$answer | Select-Object -Property 'Store', 'Note', 'System' | ConvertTo-Json -Compress",
      ].join('\n'),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(parseLosslessJson(run.stdout), { Store: true, Note: 'from the host', System: 'C:\\Windows\\System32' });
  });
});
