// Packages the extension as a user gets it: `vsce package --no-dependencies` (offline; its
// vscode:prepublish step makes the production build, whose bundles already contain the
// dependencies), into out/vsix/: per checkout, because .cache/ may be shared by several worktrees (a
// second worktree packaging at the same moment replaced the file another's e2e run was installing).
// `npm run package`, the e2e stage and `npm run demo` all package here, so the VSIX the tests install
// is the one a user gets. Packaging fails on any vsce warning (a missing LICENSE, CHANGELOG or
// repository field warns, then asks a question nobody can answer in CI) and when the VSIX lacks a file
// the manifest names or holds sources. Afterwards the normal development build is restored in dist/
// so source maps keep working for debugging and the integration tests.
//
//   node scripts/vscode/package-vsix.mjs   -> prints the .vsix path
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from './ensure-runtime.mjs';

const log = (msg) => console.log(`[package] ${msg}`);

// The project has no public address yet: links in the README stay relative instead of being
// rewritten against the placeholder repository URL (vsce refuses to guess one outside GitHub/GitLab).
const VSCE_ARGS = ['package', '--no-dependencies', '--no-rewrite-relative-links'];

/** What must never ship: sources, tests, scripts, dependencies, source maps, the README's screenshots. */
const NOT_SHIPPED = /^extension\/(src|test|webview|scripts|node_modules|out|\.cache|media\/screenshots)\/|\.map$|\.ts$/;

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

/** vsce's warnings (its " WARNING " label; a question after one is answered "no" since stdin is closed). */
export function vsceWarnings(output) {
  return output.split('\n').filter((line) => /^\s*WARNING\b/.test(line));
}

/** The names in a zip file's central directory (a VSIX is a zip). */
export function zipEntries(file) {
  const zip = fs.readFileSync(file);
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  const names = [];
  for (let at = zip.readUInt32LE(eocd + 16), i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: broken central directory at entry ${i}`);
    const nameLength = zip.readUInt16LE(at + 28);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return names;
}

/** Problems with the VSIX's files: what the manifest names must be there, sources must not. */
export function vsixProblems(entries, manifest) {
  const required = [
    'extension/package.json',
    'extension/readme.md',
    'extension/changelog.md',
    'extension/LICENSE.txt',
    `extension/${path.posix.normalize(manifest.main)}`,
    `extension/${path.posix.normalize(manifest.icon)}`,
  ];
  const missing = required.filter((name) => !entries.includes(name)).map((name) => `missing ${name}`);
  const extra = entries.filter((name) => NOT_SHIPPED.test(name)).map((name) => `should not ship ${name}`);
  return [...missing, ...extra];
}

/** Packages (vsce runs the production build first); returns the absolute .vsix path. */
export function packageVsix({ outDir = path.join(repoRoot, 'out', 'vsix'), restoreDevBuild = true } = {}) {
  const t0 = Date.now();
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const vsix = path.join(outDir, `${manifest.name}-${manifest.version}.vsix`);
  fs.mkdirSync(outDir, { recursive: true });
  fs.rmSync(vsix, { force: true });

  try {
    const out = run(
      process.execPath,
      [path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce'), ...VSCE_ARGS, '--out', vsix],
      'vsce package',
    );
    if (process.env.GPUPV_VERBOSE) console.log(out);
    const warnings = vsceWarnings(out);
    if (warnings.length) throw new Error(`vsce warned:\n${warnings.join('\n')}`);
  } finally {
    if (restoreDevBuild) run(process.execPath, ['scripts/build.mjs'], 'development build');
  }
  if (!fs.existsSync(vsix)) throw new Error(`vsce reported success but ${vsix} does not exist`);
  const problems = vsixProblems(zipEntries(vsix), manifest);
  if (problems.length) throw new Error(`${path.relative(repoRoot, vsix)}: ${problems.join('; ')}`);
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
