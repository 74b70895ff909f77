// Builds the one PowerShell module the extension imports and copies to remote hosts,
// dist/powershell/GpuPv.psm1, from its sources under src/powershell/GpuPv, in this order:
//   1. GpuPv.Init.ps1            #Requires, the module's description, start-up code, script-scope state
//   2. Guest/<Name>.ps1          each a plain script (own param()), wrapped into `$script:<Name> = { ... }`
//   3. Private/**/<Function>.ps1 one function per file, named after it
//   4. Public/<Function>.ps1     the entry points
//   5. Export-ModuleMember -Function <every Public function>
// Within a folder, files are sorted by path (code-unit order, not the locale's), so the output is
// the same on every machine. Only definitions and assignments run at load, so the order changes
// nothing but where a reader finds a function. The result is ASCII only, LF line endings, like its
// sources; a file that breaks a rule (non-ASCII, a file not named after its one function) stops
// the build with its path and line.
//
//   node scripts/powershell/build-module.mjs           writes dist/powershell/GpuPv.psm1
//   node scripts/powershell/build-module.mjs --check   exit 1 if that file is not the build of the sources
//   ... --source <folder> --output <file>              another source tree or output (the build's own tests)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MODULE_SOURCE = path.join(repoRoot, 'src', 'powershell', 'GpuPv');
export const MODULE_OUTPUT = path.join(repoRoot, 'dist', 'powershell', 'GpuPv.psm1');
const INIT = 'GpuPv.Init.ps1';

function ps1Files(root, folder) {
  const dir = path.join(root, folder);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ps1'))
    .map((e) =>
      path
        .relative(root, path.join(e.parentPath ?? e.path, e.name))
        .split(path.sep)
        .join('/'),
    )
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function readSource(root, relative) {
  const text = fs.readFileSync(path.join(root, relative), 'utf8').replace(/\r\n/g, '\n');
  text.split('\n').forEach((line, i) => {
    const bad = /[^\t\x20-\x7e]/.exec(line);
    if (bad)
      throw new Error(
        `${relative}:${i + 1}: not ASCII (U+${bad[0].codePointAt(0).toString(16).padStart(4, '0')}); Windows PowerShell 5.1 would misread it`,
      );
  });
  return text.replace(/\n+$/, '');
}

/** A Private or Public file: comments, then exactly one function, named as the file. */
function checkFunctionFile(relative, text) {
  const name = path.posix.basename(relative, '.ps1');
  const defined = [...text.matchAll(/^function\s+([\w-]+)/gm)].map((m) => m[1]);
  if (defined.length !== 1 || defined[0] !== name) {
    throw new Error(`${relative}: must define exactly one function, ${name}, at its top level (found: ${defined.join(', ') || 'none'})`);
  }
  const code = text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
  if (!code[0].startsWith(`function ${name} `) || code.at(-1) !== '}') {
    throw new Error(`${relative}: only comments may stand outside function ${name} { ... }`);
  }
  return name;
}

/** A guest script: its text indented into a script block assigned to $script:<file name>. */
function wrapGuestScript(relative, text) {
  const name = path.posix.basename(relative, '.ps1');
  if (!/^[A-Za-z]\w*$/.test(name)) throw new Error(`${relative}: the file name must be a variable name`);
  // Indenting would change the text of a here-string.
  if (/@['"]\s*$/m.test(text)) throw new Error(`${relative}: here-strings are not supported in guest scripts`);
  const body = text.split('\n').map((line) => (line === '' ? line : `    ${line}`));
  return [`$script:${name} = {`, ...body, '}'].join('\n');
}

const region = (relative, text) => `#region ${relative}\n${text}\n#endregion ${relative}`;

/** The module's text, built from the sources under `root`. */
export function buildModuleText(root = MODULE_SOURCE) {
  if (!fs.existsSync(path.join(root, INIT))) throw new Error(`${path.join(root, INIT)} is missing`);
  const parts = [
    '# Built by scripts/powershell/build-module.mjs from src/powershell/GpuPv: edit the sources, not this file.',
    region(INIT, readSource(root, INIT)),
  ];
  for (const file of ps1Files(root, 'Guest')) parts.push(region(file, wrapGuestScript(file, readSource(root, file))));
  const seen = new Map();
  const functionFile = (file) => {
    const text = readSource(root, file);
    const name = checkFunctionFile(file, text);
    if (seen.has(name.toLowerCase())) throw new Error(`${file}: ${name} is defined again (also in ${seen.get(name.toLowerCase())})`);
    seen.set(name.toLowerCase(), file);
    parts.push(region(file, text));
    return name;
  };
  for (const file of ps1Files(root, 'Private')) functionFile(file);
  const exported = ps1Files(root, 'Public').map(functionFile);
  if (exported.length === 0) throw new Error(`${root}/Public holds no entry point`);
  parts.push(`Export-ModuleMember -Function ${exported.map((n) => `'${n}'`).join(', ')}`);
  return `${parts.join('\n\n')}\n`;
}

/** Writes the module when it changed; returns its path and size. */
export function buildModule({ root = MODULE_SOURCE, output = MODULE_OUTPUT } = {}) {
  const text = buildModuleText(root);
  if (!fs.existsSync(output) || fs.readFileSync(output, 'utf8') !== text) {
    fs.mkdirSync(path.dirname(output), { recursive: true });
    fs.writeFileSync(output, text);
  }
  return { output, bytes: Buffer.byteLength(text) };
}

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 && process.argv[at + 1] ? path.resolve(process.argv[at + 1]) : fallback;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = option('--source', MODULE_SOURCE);
  const output = option('--output', MODULE_OUTPUT);
  try {
    if (process.argv.includes('--check')) {
      const current = fs.existsSync(output) ? fs.readFileSync(output, 'utf8') : undefined;
      if (current !== buildModuleText(root)) {
        console.error(`${path.relative(repoRoot, output)} is not the build of ${path.relative(repoRoot, root)}: run npm run build`);
        process.exit(1);
      }
    } else {
      const { bytes } = buildModule({ root, output });
      console.log(`${path.relative(repoRoot, output)}: ${(bytes / 1024).toFixed(1)} KB`);
    }
  } catch (e) {
    console.error(`[module] ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
