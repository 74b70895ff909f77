// Packages the extension as a user gets it: a production build (minified, no source maps), then
// `vsce package --no-dependencies` (offline; the bundles already contain the dependencies), into
// out/vsix/: per checkout, because .cache/ may be shared by several worktrees (a second worktree
// packaging at the same moment replaced the file another's e2e run was installing). Afterwards the normal development build is restored in dist/ so source maps keep
// working for debugging and the integration tests.
//
//   node scripts/vscode/package-vsix.mjs   -> prints the .vsix path
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from './ensure-runtime.mjs';

const log = (msg) => console.log(`[package] ${msg}`);

function run(cmd, args, what) {
  // stdin closed: any question vsce might ask fails at once instead of hanging CI
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`
    .split('\n')
    .filter((l) => !/Unknown (user|project|global) config "nodedir"/.test(l))
    .join('\n')
    .trim();
  if (r.error || r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal ?? r.error?.message}):\n${out}`);
  return out;
}

/** Builds for production and packages; returns the absolute .vsix path. */
export function packageVsix({ outDir = path.join(repoRoot, 'out', 'vsix'), restoreDevBuild = true } = {}) {
  const t0 = Date.now();
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const vsix = path.join(outDir, `${manifest.name}-${manifest.version}.vsix`);
  fs.mkdirSync(outDir, { recursive: true });
  fs.rmSync(vsix, { force: true });

  run(process.execPath, ['scripts/build.mjs', '--production'], 'production build');
  try {
    const args = [path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', vsix];
    if (!manifest.repository) args.push('--allow-missing-repository', '--no-rewrite-relative-links');
    if (!['LICENSE', 'LICENSE.md', 'LICENSE.txt'].some((f) => fs.existsSync(path.join(repoRoot, f)))) args.push('--skip-license');
    const out = run(process.execPath, args, 'vsce package');
    if (process.env.GPUPV_VERBOSE) console.log(out);
  } finally {
    if (restoreDevBuild) run(process.execPath, ['scripts/build.mjs'], 'development build');
  }
  if (!fs.existsSync(vsix)) throw new Error(`vsce reported success but ${vsix} does not exist`);
  const kb = (fs.statSync(vsix).size / 1024).toFixed(1);
  log(`${path.relative(repoRoot, vsix)}: ${kb} KB in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return vsix;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(packageVsix());
  } catch (e) {
    console.error(`[package] FAILED: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
