/**
 * The driver copy of the real module, in pwsh 7: Copy-GpuPvDriverFilesToGuest (hashing included) on
 * local folders (test/bench/realDriverCopy.ps1), against `cp -r` followed by `sha256sum` of the same
 * files, and against `cp -r` alone (the physical limit). Rounds alternate; each copy starts into an
 * empty folder and is timed until `sync` returns. The package is the driver sync bench's generated
 * one (over 1 GB, over 800 files), copied in the sync's batches; its files were just written, so
 * every reader finds them cached.
 */
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { copyBatches } from '../../src/core/drivers/sync/runDriverSync';
import type { CopyItem } from '../../src/core/drivers/sync/syncPlan';
import { modulePath } from '../../src/host/hostConfig';
import { driverLayout, writeDriverPackage } from '../../src/simulator/disks/driverPackages';
import { ensurePwsh } from '../support/realPowerShell';
import { REPO_ROOT } from '../support/simulatedHost';
import { PACKAGE } from '../support/syncScenario';
import { median, seconds, type Report } from './measure';

const ROUNDS = 3;

interface ModuleCopy {
  readonly Ms: number;
  /** Each call's answer. */
  readonly Answers: ReadonlyArray<{ readonly Files: ReadonlyArray<{ Destination: string; Sha256: string }>; readonly Bytes: string }>;
}

function timedToDisk(commands: ReadonlyArray<readonly [string, readonly string[]]>): number {
  spawnSync('sync');
  const t0 = performance.now();
  for (const [command, args] of commands) {
    const r = spawnSync(command, args, { maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`${command} failed: ${r.stderr.toString()}`);
  }
  spawnSync('sync');
  return performance.now() - t0;
}

function moduleCopy(fileList: string, windows: string): Promise<ModuleCopy> {
  spawnSync('sync');
  const script = path.join(REPO_ROOT, 'test', 'bench', 'realDriverCopy.ps1');
  const args = ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', script, '-Module', modulePath(REPO_ROOT), '-BatchList', fileList];
  return new Promise((resolve, reject) => {
    const child = execFile(
      ensurePwsh(),
      [...args, '-Windows', windows],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`the module's copy failed: ${stderr || error.message}`)) : resolve(JSON.parse(stdout) as ModuleCopy),
    );
    child.stdin?.end();
  });
}

/** sha256sum's answer for the files, upper case by source path. */
function sha256sums(files: readonly string[]): Map<string, string> {
  const r = spawnSync('sha256sum', files, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`sha256sum failed: ${r.stderr}`);
  return new Map(
    r.stdout
      .trim()
      .split('\n')
      .map((line) => [line.slice(66), line.slice(0, 64).toUpperCase()] as const),
  );
}

export async function realDriverCopy(report: Report): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpupv-copy-bench-'));
  try {
    const layout = driverLayout(PACKAGE, 'benchmark');
    const source = path.join(dir, 'host', PACKAGE);
    writeDriverPackage(source, PACKAGE, 'bench', layout);
    const files = layout.files.map((f) => ({
      Source: path.join(source, ...f.path.split('/')),
      Destination: `System32\\HostDriverStore\\FileRepository\\${PACKAGE}\\${f.path.replaceAll('/', '\\')}`,
    }));
    // In the sync's own batches (at most 64 MiB or 400 files a call), as the extension calls it.
    const items: CopyItem[] = layout.files.map((f, i) => ({
      file: { source: files[i]!.Source, path: f.path, length: BigInt(f.bytes), writeTime: 0n },
      destination: files[i]!.Destination,
      packageName: PACKAGE,
    }));
    const batches = copyBatches(items).map((batch) => batch.map((item) => ({ Source: item.file.source, Destination: item.destination })));
    const fileList = path.join(dir, 'batches.json');
    fs.writeFileSync(fileList, JSON.stringify(batches));
    const sources = files.map((f) => f.Source);
    const target = path.join(dir, 'target');
    const windows = path.join(target, 'Windows');
    const empty = (): void => {
      fs.rmSync(target, { recursive: true, force: true });
      fs.mkdirSync(windows, { recursive: true });
    };

    const times = { module: [] as number[], pair: [] as number[], cp: [] as number[] };
    let answers: ModuleCopy['Answers'] = [];
    for (let round = 0; round < ROUNDS; round++) {
      empty();
      times.cp.push(timedToDisk([['cp', ['-r', source, windows]]]));
      empty();
      times.pair.push(
        timedToDisk([
          ['cp', ['-r', source, windows]],
          ['sha256sum', sources],
        ]),
      );
      empty();
      const run = await moduleCopy(fileList, windows);
      times.module.push(run.Ms);
      answers = run.Answers;
    }
    const expected = sha256sums(sources);
    const answered = answers.flatMap((a) => a.Files);
    const wrong = files.filter((f, i) => answered[i]?.Sha256 !== expected.get(f.Source));
    if (answered.length !== files.length || wrong.length > 0)
      throw new Error(`the module's hashes differ from sha256sum's for ${wrong.length} of ${files.length} files`);

    const bytes = answers.reduce((sum, a) => sum + Number(a.Bytes), 0);
    const tree = `${files.length} files, ${(bytes / 1048576).toFixed(0)} MiB in ${batches.length} calls`;
    const [module, pair, cp] = [median(times.module), median(times.pair), median(times.cp)];
    report(
      `[real module] driver copy of ${tree}: Copy-GpuPvDriverFilesToGuest (SHA-256 of every file) vs cp -r then sha256sum, to disk (medians of ${ROUNDS})`,
      `${seconds(module)} vs ${seconds(pair)} = ${(module / pair).toFixed(2)}x; vs cp -r alone ${seconds(cp)} = ${(module / cp).toFixed(2)}x`,
      'at most cp -r + sha256sum (<= 1.00x)',
      module <= pair,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
