/**
 * PowerShell's own parser ([System.Management.Automation.Language.Parser], in the pwsh npm test
 * provides) over scripts and lines the tests hand it: parse errors, and what Windows PowerShell 5.1
 * lacks (syntax of 6 and 7, parameters the signature table marks 7-only, .NET APIs .NET Framework 4.x
 * lacks). The walk is test/support/powershell/Measure-GpuPvScript.ps1; one pwsh runs per call.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allSignatures, PS7_COMMON_PARAMETERS } from './cmdletSignatures';
import { repoFile } from './powershellSyntax';
import { ensurePwsh } from './realPowerShell';

export interface ScriptInput {
  readonly name: string;
  readonly text: string;
  /** Also evaluate the -Name argument of this command (the import line's path expression). */
  readonly evaluateNameOf?: string;
}

export interface ScriptAnalysis {
  readonly name: string;
  /** `line:column message` */
  readonly parseErrors: readonly string[];
  /** `line:column what`: what Windows PowerShell 5.1 lacks. */
  readonly ps51: readonly string[];
  readonly value?: string;
}

/** Every parameter the signature table marks as PowerShell 7 only, by cmdlet; -ProgressAction for every cmdlet. */
function ps7Parameters(): Record<string, string[]> {
  return Object.fromEntries(
    allSignatures().map((s) => [s.name, [...(s.ps7Only ?? []), ...(s.commonParameters === false ? [] : PS7_COMMON_PARAMETERS)]]),
  );
}

export function analysePowerShell(scripts: readonly ScriptInput[]): ScriptAnalysis[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gpupv-parser-'));
  try {
    const requestFile = path.join(dir, 'request.json');
    const resultFile = path.join(dir, 'result.json');
    writeFileSync(requestFile, JSON.stringify({ scripts, ps7Parameters: ps7Parameters() }));
    const r = spawnSync(
      ensurePwsh(),
      [
        '-NoLogo',
        '-NoProfile',
        '-NonInteractive',
        '-File',
        repoFile('test', 'support', 'powershell', 'Measure-GpuPvScript.ps1'),
        '-RequestFile',
        requestFile,
        '-ResultFile',
        resultFile,
      ],
      { encoding: 'utf8', env: { ...process.env, TERM: 'dumb' }, maxBuffer: 64 * 1024 * 1024 },
    );
    if (r.status !== 0) throw new Error(`Measure-GpuPvScript.ps1 failed (${r.status}): ${r.stderr || r.stdout}`);
    return JSON.parse(readFileSync(resultFile, 'utf8')) as ScriptAnalysis[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
