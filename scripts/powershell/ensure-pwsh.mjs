// Makes sure the tests have a real PowerShell 7 and Pester, installed by the project itself:
//   - pwsh: the one on PATH when there is one (any 7.x); otherwise PowerShell 7.6.10 as a .NET tool
//     (`dotnet tool install --tool-path ... PowerShell --version 7.6.10`; 7.7.0 does not install
//     here), its version checked after the install;
//   - Pester 5.7.1, restored from NuGet by dotnet (a PackageDownload in a throwaway project).
// Both land under the git-ignored .cache/powershell, or $GPUPV_POWERSHELL_DIR (several checkouts can
// share one), in folders named after their versions, so a pin change installs beside the old one.
// An install is staged in a folder of its own, checked, marked complete and renamed into place, under
// a lock: a second run only finds the markers (a few ms), and a killed run leaves nothing half done.
// Nothing is downloaded but through dotnet from NuGet.
//
//   node scripts/powershell/ensure-pwsh.mjs          installs what is missing, says what it uses
//   node scripts/powershell/ensure-pwsh.mjs --json   the same, then {"pwsh", "pwshVersion", "pester", ...} on stdout
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { capture, repoRoot, sh, which, withLock } from '../vscode/ensure-runtime.mjs';

export const PWSH_VERSION = '7.6.10';
export const PESTER_VERSION = '5.7.1';
export const powershellDir = path.resolve(process.env.GPUPV_POWERSHELL_DIR || path.join(repoRoot, '.cache', 'powershell'));
const pwshDir = path.join(powershellDir, `pwsh-${PWSH_VERSION}`);
const pesterDir = path.join(powershellDir, `pester-${PESTER_VERSION}`);
const COMPLETE = '.complete';

const json = process.argv.includes('--json');
// With --json, stdout carries only the answer: the log and the installers' output go to stderr.
const log = (msg) => (json ? console.error : console.log)(`[powershell] ${msg}`);
const childStdio = json ? ['ignore', 2, 2] : ['ignore', 'inherit', 'inherit'];
const seconds = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const DOTNET_ENV = { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1' };

const NOTHING_TO_INSTALL_WITH =
  'The tests run the PowerShell module in PowerShell 7, and neither pwsh nor dotnet is on PATH. ' +
  'Install PowerShell 7 (pwsh), or the .NET SDK (dotnet), with which npm test installs PowerShell ' +
  `${PWSH_VERSION} and Pester ${PESTER_VERSION} from NuGet by itself.`;

function pwshVersion(pwsh) {
  return capture(pwsh, ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', '$PSVersionTable.PSVersion.ToString()'], {
    timeout: 120_000,
  });
}

function complete(dir, version) {
  try {
    return fs.readFileSync(path.join(dir, COMPLETE), 'utf8').trim() === version;
  } catch {
    return false;
  }
}

/** Builds `target` in a staging folder with `fill(stage)`, which checks what it made; then moves it in place. */
function installStaged(target, version, fill) {
  const stage = `${target}.stage-${process.pid}`;
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  try {
    fill(stage);
    fs.writeFileSync(path.join(stage, COMPLETE), `${version}\n`);
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(stage, target);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

function requireDotnet(what) {
  if (which('dotnet')) return;
  throw new Error(
    which('pwsh')
      ? `${what} is missing and dotnet is not on PATH to restore it from NuGet: install the .NET SDK (dotnet).`
      : NOTHING_TO_INSTALL_WITH,
  );
}

function installPwsh() {
  requireDotnet(`PowerShell ${PWSH_VERSION}`);
  const t0 = Date.now();
  log(`PowerShell ${PWSH_VERSION}: dotnet tool install into ${pwshDir}`);
  installStaged(pwshDir, PWSH_VERSION, (stage) => {
    sh('dotnet', ['tool', 'install', '--tool-path', stage, 'PowerShell', '--version', PWSH_VERSION], {
      env: DOTNET_ENV,
      stdio: childStdio,
    });
    const got = pwshVersion(path.join(stage, 'pwsh'));
    if (got !== PWSH_VERSION) throw new Error(`the installed pwsh reports ${got ?? 'nothing'}, expected ${PWSH_VERSION}`);
  });
  log(`PowerShell ${PWSH_VERSION}: installed and checked in ${seconds(t0)}`);
}

/** pwsh from PATH (any 7.x), else the pinned one, installed when missing. */
function ensurePwsh() {
  const onPath = which('pwsh');
  if (onPath) {
    const version = pwshVersion(onPath);
    if (!version?.startsWith('7.'))
      throw new Error(`${onPath} reports PowerShell ${version ?? '(no answer)'}; the tests need PowerShell 7.`);
    log(`pwsh: ${onPath} (${version}, from PATH)`);
    return { pwsh: onPath, pwshVersion: version, pwshSource: 'PATH' };
  }
  const pwsh = path.join(pwshDir, 'pwsh');
  if (!complete(pwshDir, PWSH_VERSION) || !fs.existsSync(pwsh)) installPwsh();
  else log(`pwsh: ${pwsh} (${PWSH_VERSION}, installed)`);
  return { pwsh, pwshVersion: PWSH_VERSION, pwshSource: 'installed' };
}

function dotnetTargetFramework() {
  const major = capture('dotnet', ['--version'], { env: DOTNET_ENV })?.split('.')[0];
  if (!major || !/^\d+$/.test(major)) throw new Error('dotnet --version gave no SDK version');
  return `net${major}.0`;
}

function installPester() {
  requireDotnet(`Pester ${PESTER_VERSION}`);
  const t0 = Date.now();
  log(`Pester ${PESTER_VERSION}: dotnet restore from NuGet into ${pesterDir}`);
  installStaged(pesterDir, PESTER_VERSION, (stage) => {
    // PackageDownload fetches a package without asking it to suit the project: Pester is a module, not a library.
    const project = path.join(stage, 'restore', 'restore.csproj');
    fs.mkdirSync(path.dirname(project), { recursive: true });
    fs.writeFileSync(
      project,
      [
        '<Project Sdk="Microsoft.NET.Sdk">',
        `  <PropertyGroup><TargetFramework>${dotnetTargetFramework()}</TargetFramework></PropertyGroup>`,
        `  <ItemGroup><PackageDownload Include="Pester" Version="[${PESTER_VERSION}]" /></ItemGroup>`,
        '</Project>',
        '',
      ].join('\n'),
    );
    const packages = path.join(stage, 'restore', 'packages');
    sh('dotnet', ['restore', project, '--packages', packages], { env: DOTNET_ENV, stdio: childStdio });
    const tools = path.join(packages, 'pester', PESTER_VERSION, 'tools');
    const manifest = path.join(tools, 'Pester.psd1');
    const declared = fs.existsSync(manifest) ? /ModuleVersion\s*=\s*'([^']+)'/.exec(fs.readFileSync(manifest, 'utf8'))?.[1] : undefined;
    if (declared !== PESTER_VERSION)
      throw new Error(`the restored Pester declares version ${declared ?? '(no Pester.psd1)'}, expected ${PESTER_VERSION}`);
    fs.cpSync(tools, path.join(stage, 'Pester'), { recursive: true });
    fs.rmSync(path.join(stage, 'restore'), { recursive: true, force: true });
  });
  log(`Pester ${PESTER_VERSION}: installed in ${seconds(t0)}`);
}

function ensurePester() {
  const manifest = path.join(pesterDir, 'Pester', 'Pester.psd1');
  if (!complete(pesterDir, PESTER_VERSION) || !fs.existsSync(manifest)) installPester();
  else log(`Pester: ${manifest} (${PESTER_VERSION}, installed)`);
  return { pester: manifest, pesterVersion: PESTER_VERSION };
}

/** Installs what is missing; returns the paths of pwsh and Pester's manifest. Throws a readable message. */
export function ensurePowerShell() {
  return withLock(() => ({ ...ensurePwsh(), ...ensurePester() }), { dir: powershellDir, say: log });
}

/** The extension host's switch to the simulated hosts' real-module face, with this pwsh (installed now if missing). */
export function moduleFaceEnv() {
  return { GPUPV_SIMULATED_FACE: 'module', GPUPV_PWSH: ensurePowerShell().pwsh };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  try {
    const found = ensurePowerShell();
    log(`ready in ${seconds(t0)}`);
    if (json) console.log(JSON.stringify(found));
  } catch (e) {
    console.error(`[powershell] FAILED: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
