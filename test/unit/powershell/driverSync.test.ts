// Static checks of the driver-sync handlers of the built module (dist/powershell/GpuPv.psm1). They are
// not run here: these pin, on its syntax tree, the properties a real host depends on (one archive
// per online copy, disks always dismounted, paths kept inside the guest's Windows folder, the
// password never in any text) and compare the answers' property names with the raw schemas.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import type { Node } from 'web-tree-sitter';
import {
  rawCloseResult,
  rawCopiedFile,
  rawCopyResult,
  rawDriverFileList,
  rawFileOperationsResult,
  rawGuestDriverStore,
  rawGuestEntry,
  rawGuestVolume,
  rawHostDriverFile,
  rawHostDriverFolder,
  rawHostLooseFile,
} from '../../../src/core/normalize/driverSync';
import { GUEST_LIMITS } from '../../../src/core/normalize/guestLimits';
import { guestPath } from '../../../src/host/protocol';
import {
  GPUPV_MODULE,
  hashtableAssignedTo,
  hashtableKeysInFunction,
  listCommands,
  listFunctions,
  loadPowerShellParser,
  repoFile,
  withPowerShellTree,
  withoutComments,
  type PsCommand,
  type PsFunction,
  type PsHashtable,
} from '../../support/powershellSyntax';

const sorted = (values: Iterable<string>): string[] => [...values].sort();
const keysOf = (schema: { shape: object }): string[] => sorted(Object.keys(schema.shape));

const SYNC_OPERATIONS = {
  'Get-DriverFileList': 'Get-GpuPvDriverFileList',
  'Open-GuestDriverStore': 'Open-GpuPvGuestDriverStore',
  'Copy-DriverFilesToGuest': 'Copy-GpuPvDriverFilesToGuest',
  'Invoke-GuestFileOperations': 'Invoke-GpuPvGuestFileOperations',
  'Close-GuestDriverStore': 'Close-GpuPvGuestDriverStore',
  'Set-DriverSyncRecord': 'Set-GpuPvDriverSyncRecord',
} as const;

const LOOPS = new Set(['foreach_statement', 'for_statement', 'while_statement', 'do_statement']);

/** Where one command sits in the tree, as plain data. */
interface Placement {
  readonly name: string;
  readonly line: number;
  readonly text: string;
  /** Innermost function, or null at the top level (e.g. in the guest script block). */
  readonly fn: string | null;
  /** Loops around it inside its function, and pipeline loops (`| ForEach-Object { ... }`). */
  readonly loops: number;
  readonly ifs: number;
  /** The finally blocks of the try statements whose try block holds it. */
  readonly finallyTexts: readonly string[];
  /** The catch blocks of the try statements whose try block holds it. */
  readonly catchTexts: readonly string[];
  /** Inside a catch or finally block. */
  readonly inHandler: boolean;
}

function placements(text: string): Placement[] {
  return withPowerShellTree(text, (root) => {
    const out: Placement[] = [];
    const visit = (node: Node): void => {
      if (node.type === 'command') {
        const name = node.children.find((c) => c.type === 'command_name')?.text ?? node.text;
        let fn: string | null = null;
        let loops = 0;
        let ifs = 0;
        let inHandler = false;
        const finallyTexts: string[] = [];
        const catchTexts: string[] = [];
        let child: Node = node;
        for (let up = node.parent; up; child = up, up = up.parent) {
          if (up.type === 'function_statement') {
            fn = up.children.find((c) => c.type === 'function_name')?.text ?? null;
            break;
          }
          if (LOOPS.has(up.type)) loops++;
          if (up.type === 'if_statement') ifs++;
          if (up.type === 'catch_clause' || up.type === 'finally_clause') inHandler = true;
          if (up.type === 'script_block_expression') {
            // `... | ForEach-Object { <here> }`: the block is an argument of a looping command.
            const owner = up.parent?.parent?.type === 'command' ? up.parent.parent : up.parent?.type === 'command' ? up.parent : null;
            const ownerName = owner?.children.find((c) => c.type === 'command_name')?.text.toLowerCase();
            if (ownerName === 'foreach-object' || ownerName === 'where-object') loops++;
          }
          if (up.type === 'try_statement' && child.type === 'statement_block') {
            const fin = up.children.find((c) => c.type === 'finally_clause');
            if (fin) finallyTexts.push(fin.text);
            const catches = up.children.find((c) => c.type === 'catch_clauses');
            if (catches) catchTexts.push(catches.text);
          }
        }
        out.push({ name, line: node.startPosition.row + 1, text: node.text, fn, loops, ifs, finallyTexts, catchTexts, inHandler });
      }
      for (const c of node.children) visit(c);
    };
    visit(root);
    return out;
  });
}

/** The source text of the script block assigned to `$script:<variable>`, and its line range. */
function scriptBlockAssignedTo(text: string, variable: string): { text: string; line: number; endLine: number } {
  return withPowerShellTree(text, (root) => {
    const find = (node: Node): Node | null => {
      if (node.type === 'assignment_expression') {
        const left = node.children.find((c) => c.type === 'left_assignment_expression');
        if (left && left.text.replace(/^\$(?:script:)?/i, '').toLowerCase() === variable.toLowerCase()) return node;
      }
      for (const c of node.children) {
        const found = find(c);
        if (found) return found;
      }
      return null;
    };
    const node = find(root);
    if (!node) throw new Error(`no $script:${variable} assignment`);
    return { text: node.text, line: node.startPosition.row + 1, endLine: node.endPosition.row + 1 };
  });
}

/** The keys of every hashtable literal inside `text` (top-level keys of each, in source order). */
function hashtableKeysIn(text: string): string[][] {
  return withPowerShellTree(text, (root) => {
    const out: string[][] = [];
    const visit = (node: Node): void => {
      if (node.type === 'hash_literal_expression') {
        const body = node.children.find((c) => c.type === 'hash_literal_body');
        out.push(
          (body?.children ?? [])
            .filter((c) => c.type === 'hash_entry')
            .map((e) => e.children.find((c) => c.type === 'key_expression')?.text.replace(/^'|'$/g, '') ?? ''),
        );
      }
      for (const c of node.children) visit(c);
    };
    visit(root);
    return out;
  });
}

describe('PowerShell module GpuPv.psm1: driver sync (static checks)', function () {
  // Each check walks the syntax tree of the whole 2,000-line module, some several times: half a
  // second on a quiet machine, several seconds on a loaded one.
  this.timeout(20_000);
  let text: string;
  let code: string;
  let lines: string[];
  let functions: PsFunction[];
  let placed: Placement[];
  let commands: PsCommand[];

  before(async function () {
    this.timeout(10_000);
    await loadPowerShellParser();
    text = readFileSync(repoFile(GPUPV_MODULE), 'utf8');
    code = withoutComments(text);
    lines = code.split('\n');
    functions = listFunctions(text);
    placed = placements(text);
    commands = listCommands(text);
  });

  const fn = (name: string): PsFunction => {
    const found = functions.find((f) => f.name === name);
    assert.ok(found, `no function ${name}`);
    return found;
  };
  /** A function's code (comments blanked). */
  const body = (name: string): string => {
    const f = fn(name);
    return lines.slice(f.line - 1, f.endLine).join('\n');
  };
  const placedIn = (name: string, fnName: string | null): Placement[] =>
    placed.filter((p) => p.name.toLowerCase() === name.toLowerCase() && p.fn === fnName);
  const everywhere = (name: string): Placement[] => placed.filter((p) => p.name.toLowerCase() === name.toLowerCase());

  it('dispatches each driver-sync operation to its own handler', function () {
    const table = hashtableAssignedTo(text, 'GpuPvOperations');
    assert.ok(table);
    for (const [operation, handler] of Object.entries(SYNC_OPERATIONS)) {
      const entry: PsHashtable[string] | undefined = table[operation];
      assert.ok(entry && 'hashtable' in entry, `${operation}: no entry`);
      const h: PsHashtable[string] | undefined = entry.hashtable.Handler;
      assert.ok(h && 'code' in h, `${operation}: no handler`);
      assert.deepEqual(
        listCommands(h.code).map((c) => c.name),
        [handler],
        `${operation}: the handler calls ${handler}`,
      );
      assert.deepEqual(fn(handler).parameters, ['Arguments']);
    }
  });

  it('reaches every function of the module from the dispatch table or the entry point (no dead code)', function () {
    const table = hashtableAssignedTo(text, 'GpuPvOperations');
    assert.ok(table);
    const guest = scriptBlockAssignedTo(text, 'GpuPvGuestFiles');
    const names = new Set(functions.map((f) => f.name));
    const callsOf = (node: string): Set<string> => {
      const range = node === '$GpuPvGuestFiles' ? guest : fn(node);
      const inRange = commands.filter((c) => c.line >= range.line && c.line <= range.endLine);
      const out = new Set(inRange.map((c) => c.name).filter((n) => names.has(n)));
      const source = lines.slice(range.line - 1, range.endLine).join('\n');
      if (node !== '$GpuPvGuestFiles' && /-ScriptBlock \$script:GpuPvGuestFiles\b/.test(source)) out.add('$GpuPvGuestFiles');
      return out;
    };
    // The entry points: what the module exports (Invoke-GpuPv, and Connect-GpuPvRemote for remote hosts).
    const exported = /^Export-ModuleMember -Function (.+)$/m.exec(code)?.[1] ?? '';
    const roots = [...exported.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
    assert.ok(roots.includes('Invoke-GpuPv'));
    for (const entry of Object.values(table)) {
      if ('hashtable' in entry && entry.hashtable.Handler && 'code' in entry.hashtable.Handler)
        roots.push(...listCommands(entry.hashtable.Handler.code).map((c) => c.name));
    }
    const reached = new Set<string>();
    const queue = [...roots];
    while (queue.length > 0) {
      const next = queue.pop()!;
      if (reached.has(next)) continue;
      reached.add(next);
      queue.push(...callsOf(next));
    }
    assert.deepEqual(
      functions.map((f) => f.name).filter((n) => !reached.has(n)),
      [],
      'functions nothing calls',
    );
    for (const handler of Object.values(SYNC_OPERATIONS)) assert.ok(reached.has(handler));
    assert.ok(reached.has('$GpuPvGuestFiles'), 'the guest block is used');
  });

  it('copies online as ONE archive per call: one Copy-Item -ToSession, outside any loop', function () {
    // Two in the module: the driver archive, and the module copying itself to a remote host once per connection.
    const toSession = commands.filter((c) => c.name === 'Copy-Item' && c.parameters.some((p) => p.name === 'ToSession'));
    assert.equal(toSession.length, 2);
    assert.deepEqual(
      sorted(
        everywhere('Copy-Item')
          .filter((p) => p.text.includes('-ToSession'))
          .map((p) => String(p.fn)),
      ),
      ['Import-GpuPvRemoteModule', 'Send-GpuPvArchive'],
    );
    const copy = everywhere('Copy-Item').filter((p) => p.text.includes('-ToSession') && p.fn === 'Send-GpuPvArchive');
    assert.equal(copy.length, 1, 'exactly one Copy-Item -ToSession for the driver files');
    assert.equal(copy[0]!.loops, 0, 'no per-file loop around Copy-Item -ToSession');
    assert.equal(copy[0]!.ifs, 0);
    // The archive holds the batch, built on the host, entries named by their guest destination.
    const send = body('Send-GpuPvArchive');
    assert.match(send, /\[IO\.Compression\.ZipFile\]::Open\(\$archive, \[IO\.Compression\.ZipArchiveMode\]::Create\)/);
    assert.match(send, /foreach \(\$file in \$Files\) \{[^}]*CreateEntryFromFile\(\$zip, \[string\] \$file\['Source'\], \$entryName/);
    assert.match(send, /\$entryName = \(\[string\] \$file\['Destination'\]\)\.Replace\('\\', '\/'\)/);
    // Expanded once in the guest, deleted on both sides in finally blocks.
    const expand = placedIn('Invoke-GpuPvGuestFiles', 'Send-GpuPvArchive').filter((p) => p.text.includes("'Expand'"));
    assert.equal(expand.length, 1);
    assert.equal(expand[0]!.loops, 0);
    assert.ok(
      copy[0]!.finallyTexts.some((f) => /\[IO\.File\]::Delete\(\$archive\)/.test(f) && /-Action 'Discard'/.test(f)),
      'host and guest archive deleted in finally',
    );
    const guest = scriptBlockAssignedTo(withoutComments(text), 'GpuPvGuestFiles').text;
    assert.match(
      guest,
      /\$Action -ceq 'Expand'[\s\S]*finally \{\s*if \(\[IO\.File\]::Exists\(\$archive\)\) \{\s*\[IO\.File\]::Delete\(\$archive\)/,
    );
    // Entry by entry with overwrite (ExtractToDirectory does not overwrite in .NET Framework).
    assert.match(guest, /ExtractToFile\(\$entry, \$destination, \$true\)/);
    assert.doesNotMatch(code, /ExtractToDirectory|Expand-Archive/);
    // The copy handler sends once per call, not per file.
    const sends = placedIn('Send-GpuPvArchive', 'Copy-GpuPvDriverFilesToGuest');
    assert.equal(sends.length, 1);
    assert.equal(sends[0]!.loops, 0);
  });

  it('talks to the guest with one Invoke-Command per call, the file steps as one argument', function () {
    const where = everywhere('Invoke-Command');
    // The guest: the display read and the sync's one place; the remote host: the module's import and the forwarding of each call.
    assert.deepEqual(sorted(new Set(where.map((p) => String(p.fn)))), [
      'Get-GpuPvGuestDisplayDevices',
      'Import-GpuPvRemoteModule',
      'Invoke-GpuPvGuestFiles',
      'Invoke-GpuPvRemote',
    ]);
    const guestSession = where.filter((p) => p.fn === 'Invoke-GpuPvGuestFiles' && p.text.includes('-Session'));
    assert.equal(guestSession.length, 1, 'one place runs code in the guest session');
    for (const p of where) assert.equal(p.loops, 0, p.text);
    const guestLines = fn('Invoke-GpuPvGuestFiles');
    for (const c of commands.filter((c) => c.name === 'Invoke-Command' && c.line >= guestLines.line && c.line <= guestLines.endLine)) {
      assert.equal(
        c.parameters.find((p) => p.name === 'ScriptBlock')?.value?.text,
        '$script:GpuPvGuestFiles',
        "only the module's own block, never one built from text",
      );
    }
    const steps = placedIn('Invoke-GpuPvGuestFiles', 'Invoke-GpuPvGuestFileOperations');
    assert.equal(steps.length, 1);
    assert.equal(steps[0]!.loops, 0);
    assert.match(steps[0]!.text, /-Action 'Steps' -Data \$steps$/);
  });

  it('dismounts on Close without relying on state: every attached disk of the VM, by path', function () {
    const close = body('Close-GpuPvGuestDriverStore');
    assert.match(close, /Dismounted = \(Dismount-GpuPvVmDisks -VMId \$vmId\)/);
    const call = placedIn('Dismount-GpuPvVmDisks', 'Close-GpuPvGuestDriverStore');
    assert.equal(call.length, 1);
    assert.equal(call[0]!.ifs, 0, 'the offline close always dismounts, whatever this shell remembers');
    const dismount = placedIn('Dismount-VHD', 'Dismount-GpuPvVmDisks');
    assert.equal(dismount.length, 1);
    assert.equal(dismount[0]!.text, 'Dismount-VHD -Path $path');
    const fnBody = body('Dismount-GpuPvVmDisks');
    assert.match(fnBody, /foreach \(\$drive in @\(Get-VMHardDiskDrive -VM \$vm\)\) \{\s*\$path = \[string\] \$drive\.Path/);
    assert.match(fnBody, /\(Get-VHD -Path \$path\)\.Attached/);
    // The remembered state only adds the tidy removal of the access path; it is then dropped.
    assert.match(fnBody, /\$script:GpuPvGuestTargets\.Remove\(\$VMId\)/);
    assert.match(close, /Remove-PSSession -Session \$state\.Session/);
  });

  it('matches every Mount-VHD with a Dismount-VHD in a finally block that runs on failure', function () {
    const mounts = everywhere('Mount-VHD');
    assert.ok(mounts.length > 0);
    for (const m of mounts) {
      assert.equal(m.fn, 'Mount-GpuPvGuestVolume', m.text);
      assert.ok(
        m.finallyTexts.some((f) => /foreach \(\$path in \$mounted\) \{\s*if \(\$path -ne \$kept\) \{\s*Dismount-VHD -Path \$path/.test(f)),
        'the finally around Mount-VHD dismounts every disk mounted but the one kept',
      );
      assert.match(m.text, /^Mount-VHD -Path \$path -NoDriveLetter -Passthru$/);
    }
    const mount = body('Mount-GpuPvGuestVolume');
    // $mounted records a disk right after its Mount-VHD; $kept is set only with the state, just before returning it.
    assert.match(mount, /\$vhd = Mount-VHD[^\n]*\n(?:.*\n){1,12}\s*\[void\] \$mounted\.Add\(\$path\)/);
    assert.match(mount, /\$script:GpuPvGuestTargets\[\$VMId\] = \$state\s*\n\s*\$kept = \$path\s*\n\s*return \$state/);
    // Open undoes the mount when reading the store fails.
    const read = placedIn('Invoke-GpuPvGuestFiles', 'Open-GpuPvGuestDriverStore');
    assert.equal(read.length, 1);
    assert.ok(read[0]!.catchTexts.some((c) => c.includes('Dismount-GpuPvVmDisks')));
    // An earlier run's leftovers are dismounted before mounting (stateless, by path).
    assert.match(mount, /foreach \(\$path in \$paths\) \{\s*if \(\(Get-VHD -Path \$path\)\.Attached\) \{\s*Dismount-VHD -Path \$path/);
  });

  it('refuses with the driver-sync error ids where the host knows the cause', function () {
    const ids = (fnName: string): string[] => placedIn('New-GpuPvFailure', fnName).map((p) => /-Id '([a-z-]+)'/.exec(p.text)?.[1] ?? '?');
    assert.deepEqual(sorted(ids('Mount-GpuPvGuestVolume')), [
      'guest-volume-locked',
      'guest-volume-not-found',
      'vm-disk-in-use',
      'vm-must-be-off',
    ]);
    // driver-sync-failed: a call after the open found no session and has no credential to open one.
    assert.deepEqual(sorted(ids('Get-GpuPvGuestSession')), ['driver-sync-failed', 'guest-credentials-rejected', 'guest-not-running']);
    assert.deepEqual(ids('Invoke-GpuPvGuestFileOperations'), ['driver-sync-failed']);
    const mount = body('Mount-GpuPvGuestVolume');
    assert.ok(mount.indexOf("-Id 'vm-must-be-off'") < mount.indexOf('Mount-VHD'), 'the VM state is checked before anything is mounted');
    assert.match(
      mount,
      /searched \{1\}\{2\} and \{3\} large enough .* -f \$vm\.Name, \(Format-GpuPvCount -Count \$disksSearched -One 'disk'\), \$offlineNote, \(Format-GpuPvCount -Count \$partitionsSearched -One 'partition'\)/,
      'says how much was searched',
    );
    // The step that failed is named by index and path.
    assert.match(body('Invoke-GpuPvGuestFileOperations'), /\(index \{2\}: \{3\} '\{4\}'\)/);
  });

  it('never puts the password in a string, a message, a file or the output', function () {
    const credential = fn('ConvertFrom-GpuPvCredential');
    const offenders = lines
      .map((line, i) => ({ line, n: i + 1 }))
      .filter(
        ({ line, n }) => /\$password\b|\.Password\b|\[\s*'Password'\s*\]/i.test(line) && (n < credential.line || n > credential.endLine),
      );
    assert.deepEqual(offenders, [], 'the password is only read where it becomes a SecureString');
    // It arrives sealed and goes straight to ConvertFrom-GpuPvSealedSecret, which opens it into a SecureString.
    const uses = lines.slice(credential.line - 1, credential.endLine).filter((l) => /\$sealed\b|\.Password\b/i.test(l));
    assert.deepEqual(
      uses.map((l) => l.trim()),
      [
        "$sealed = Get-GpuPvJsonValue -Value $Value -Name 'Password'",
        'if (-not ($sealed -is [string])) {',
        '$secure = ConvertFrom-GpuPvSealedSecret -Sealed $sealed',
      ],
    );
    assert.doesNotMatch(code, /"[^"\n]*\$password/i, 'never in an expandable string');
    assert.doesNotMatch(code, /GetNetworkCredential|ConvertFrom-SecureString|SecureStringToBSTR|PtrToString/i);
    // The converted credential is only ever handed to -Credential.
    const credentialUses = lines.filter((l) => /\['Credential'\]|\.Credential\b|-Name 'Credential'/.test(l)).map((l) => l.trim());
    for (const use of credentialUses) {
      assert.match(
        use,
        /-Credential \$(?:Target\['Credential'\]|Arguments\['Credential'\])|^\$credential = Get-GpuPvJsonValue -Value \$Value -Name 'Credential'$|^\$target\['Credential'\] = ConvertFrom-GpuPvCredential -Value \$credential$|^if \(\$null -eq \$Target\['Credential'\]\) \{$|^\$parameters\['Credential'\] = \$Connection\['Credential'\]$/,
        use,
      );
    }
    // The target (which holds the credential) is never serialised.
    for (const c of commands.filter((c) => c.name === 'ConvertTo-Json')) {
      assert.doesNotMatch(c.parameters.find((p) => p.name === 'InputObject')?.value?.text ?? '', /target|arguments|credential/i, c.text);
    }
  });

  it("keeps every guest path inside the guest's Windows folder", function () {
    const guest = scriptBlockAssignedTo(withoutComments(text), 'GpuPvGuestFiles').text;
    // Joined segment by segment (a guest path's `\` is the platform's separator), then checked to stay under the root.
    assert.match(guest, /\$separator = \[IO\.Path\]::DirectorySeparatorChar/);
    assert.match(
      guest,
      /\$full = \[IO\.Path\]::GetFullPath\(\[IO\.Path\]::Combine\(\$rootFull, \$Relative\.Replace\('\\', \$separator\)\)\)/,
    );
    assert.match(guest, /if \(-not \$full\.StartsWith\(\$rootFull \+ \$separator, \[StringComparison\]::OrdinalIgnoreCase\)\) \{\s*throw/);
    assert.match(guest, /\[IO\.Path\]::IsPathRooted\(\$Relative\)/);
    // Every path taken from the arguments goes through Resolve-GpuPvGuestPath before it is used.
    assert.doesNotMatch(guest, /(?:\[IO\.(?:File|Directory)\]::\w+|-LiteralPath|-Path|-Value)\s*\(?\s*\$(?:step|file|relative|entry)\b/i);
    const resolved = [...guest.matchAll(/Resolve-GpuPvGuestPath -Relative ([^\n]+)/g)].map((m) => m[1]!.trim());
    for (const source of [
      "$step['From']",
      "$step['To']",
      "$step['Path']",
      "$file['Destination']",
      '$relative',
      "$entry.FullName.Replace('/', '\\')",
    ]) {
      assert.ok(resolved.includes(source), `${source} is not resolved`);
    }
    // Online, the root is the guest's own $env:SystemRoot.
    assert.match(guest, /if \(\[string\]::IsNullOrEmpty\(\$Root\)\) \{\s*\$Root = \$env:SystemRoot/);
    assert.match(body('Invoke-GpuPvGuestFiles'), /-Session \$State\.Session -ScriptBlock \$script:GpuPvGuestFiles -ArgumentList \$null, /);
  });

  it('never follows a link on the guest volume: each action checks the components of its paths first, and removal walks', function () {
    const guest = scriptBlockAssignedTo(withoutComments(text), 'GpuPvGuestFiles').text;
    // An item's own attributes (a link's, not its target's), in both editions: no PowerShell 7 API.
    assert.match(guest, /\[int\] \(New-Object -TypeName 'System\.IO\.FileInfo' -ArgumentList \$Full\)\.Attributes/);
    assert.match(guest, /\$reparsePoint = \[int\] \[IO\.FileAttributes\]::ReparsePoint/);
    assert.doesNotMatch(code, /LinkTarget|ResolveLinkTarget|FollowSymlink/);
    // Windows PowerShell 5.1 follows directory links in Get-ChildItem -Recurse and Remove-Item -Recurse: neither touches the guest.
    assert.doesNotMatch(guest, /\b(?:Remove-Item|Get-ChildItem|Copy-Item|Move-Item)\b/);
    const before = (check: RegExp, use: RegExp, label: string): void => {
      const checked = check.exec(guest)?.index ?? -1;
      const used = use.exec(guest)?.index ?? -1;
      assert.ok(checked >= 0 && used > checked, label);
    };
    before(
      /\$link = Find-GpuPvLink -Paths \$toCheck\.ToArray\(\)/,
      /\$entries = Get-GpuPvStoreEntries/,
      'Read: components before the walk',
    );
    before(
      /\$link = Find-GpuPvLink -Paths @\(Get-GpuPvComponents -Relative \$file\['Destination'\]\)/,
      /\[IO\.File\]::Copy\(\[string\] \$file\['Source'\]/,
      'Copy: every destination before the first byte',
    );
    before(/Find-GpuPvLink -Paths @\(Get-GpuPvComponents -Relative \$entry\.FullName/, /ExtractToFile/, 'Expand: every entry first');
    before(/\$link = Find-GpuPvLink -Paths \$paths/, /if \(\$op -ceq 'Move'\) \{\s*\$from = /, 'Steps: before each step');
    // The walk of the store lists each folder's own entries and refuses at the first link.
    assert.match(
      guest,
      /\.GetFileSystemInfos\(\)[\s\S]*?if \(\(\$attributes -band \$reparsePoint\) -ne 0\) \{\s*return \[pscustomobject\]@\{ Refused = 'Link'/,
    );
    // A removal deletes a link as the link: Directory.Delete not recursive, after walking real folders only.
    assert.match(
      guest,
      /if \(\$isDirectory -and -not \$isLink\) \{\s*foreach \(\$child in \[IO\.Directory\]::GetFileSystemEntries\(\$Full\)\)/,
    );
    assert.match(guest, /\[IO\.Directory\]::Delete\(\$Full, \$false\)/);
    assert.doesNotMatch(guest, /::Delete\([^)]*\$true\)/);
  });

  it('bounds what it reads from the guest with the numbers of GUEST_LIMITS', function () {
    const guest = scriptBlockAssignedTo(withoutComments(text), 'GpuPvGuestFiles').text;
    assert.match(guest, new RegExp(`\\$manifestBytes = ${GUEST_LIMITS.manifestBytes}\\n`));
    assert.match(guest, new RegExp(`\\$journalBytes = ${GUEST_LIMITS.journalBytes}\\n`));
    assert.match(guest, new RegExp(`\\$storeEntries = ${GUEST_LIMITS.storeEntries}\\n`));
    const limits = /\$script:GpuPvGuestLimits = @\{([^}]*)\}/.exec(code)?.[1] ?? '';
    const host = Object.fromEntries([...limits.matchAll(/(\w+)\s*=\s*(\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
    assert.deepEqual(host, {
      ManifestBytes: GUEST_LIMITS.manifestBytes,
      JournalBytes: GUEST_LIMITS.journalBytes,
      StoreEntries: GUEST_LIMITS.storeEntries,
      Text: GUEST_LIMITS.text,
      Devices: GUEST_LIMITS.devices,
      StoreNames: GUEST_LIMITS.storeNames,
      ListItems: GUEST_LIMITS.listItems,
      FailureText: GUEST_LIMITS.failureText,
    });
  });

  it('checks guest paths as the protocol does before they reach the guest', function () {
    const pattern = /\$script:GpuPvGuestPathPattern = '([^']+)'/.exec(code)?.[1];
    const dots = /\$script:GpuPvDotSegmentPattern = '([^']+)'/.exec(code)?.[1];
    assert.ok(pattern && dots);
    // .NET's \A and \z are JavaScript's ^ and $ without the m flag.
    const toJs = (p: string): RegExp => new RegExp(p.replace(/\\A/g, '^').replace(/\\z/g, '$'));
    const accepts = (p: string): boolean => toJs(pattern).test(p) && !toJs(dots).test(p) && p.length <= 1024;
    const samples = [
      'System32\\HostDriverStore\\FileRepository\\nv_dispi.inf_amd64_4bf4c17fa8a478b5\\nvldumdx.dll',
      'System32\\nvapi64.dll',
      'System32\\HostDriverStore\\.gpupv-sync\\journal.json',
      '..\\Windows',
      'System32\\..\\..\\x',
      'System32\\.\\x',
      '.',
      '...',
      'a\\...\\b',
      '\\System32',
      'C:\\Windows',
      'C:x',
      'a/b',
      'a\\\\b',
      'a\\',
      '',
      'a\u0000b',
      'a\nb',
      'x'.repeat(1025),
      'a b\\c(d)[e]',
    ];
    for (const sample of samples) assert.equal(accepts(sample), guestPath.safeParse(sample).success, JSON.stringify(sample));
    // Every guest path argument is checked with it.
    for (const name of ['Files[].Destination', 'Steps[].From', 'Steps[].To', 'Steps[].Path']) {
      assert.ok(code.includes(`-Name '${name}' -Value $item.${name.split('.').pop()} -Pattern $script:GpuPvGuestPathPattern`), name);
    }
  });

  // What the listing and the copy's hash answer, on real files, runs in Pester (Get-GpuPvDriverFileList.Tests.ps1).
  it('lists host files with the property names the raw schemas read', function () {
    assert.deepEqual(
      sorted(hashtableKeysInFunction(text, 'Get-GpuPvDriverFileList').map((k) => sorted(k).join(','))),
      sorted([rawHostDriverFile, rawHostDriverFolder, rawHostLooseFile, rawDriverFileList].map((s) => keysOf(s).join(','))),
    );
  });

  it("answers the guest store, the copy, the steps and the close with the raw schemas' property names", function () {
    const open = hashtableKeysInFunction(text, 'Open-GpuPvGuestDriverStore').map(sorted);
    assert.deepEqual(open, [keysOf(rawGuestVolume), keysOf(rawGuestDriverStore)]);
    const guest = hashtableKeysIn(scriptBlockAssignedTo(text, 'GpuPvGuestFiles').text).map(sorted);
    assert.ok(
      guest.some((k) => k.join() === keysOf(rawGuestEntry).join()),
      'an entry of the listing',
    );
    assert.ok(
      guest.some((k) => k.join() === 'Length,Path'),
      'a loose file',
    );
    assert.ok(
      guest.some((k) => k.join() === sorted(['Refused', 'Path', 'Manifest', 'Journal', 'Oversized', 'Entries', 'LooseFiles']).join()),
      'the store read',
    );
    assert.deepEqual(hashtableKeysInFunction(text, 'Get-GpuPvSourceFile').map(sorted), [keysOf(rawCopiedFile)]);
    assert.deepEqual(hashtableKeysInFunction(text, 'Copy-GpuPvDriverFilesToGuest').map(sorted), [keysOf(rawCopyResult)]);
    assert.deepEqual(hashtableKeysInFunction(text, 'Invoke-GpuPvGuestFileOperations').map(sorted), [keysOf(rawFileOperationsResult)]);
    assert.deepEqual(hashtableKeysInFunction(text, 'Close-GpuPvGuestDriverStore').map(sorted), [
      keysOf(rawCloseResult),
      keysOf(rawCloseResult),
    ]);
    // The store's paths, as the core's layout spells them.
    assert.ok(code.includes("'System32\\HostDriverStore\\gpupv-manifest.json'"));
    assert.ok(code.includes("'System32\\HostDriverStore\\.gpupv-sync\\journal.json'"));
  });

  // The file steps run in Pester on real folders (GpuPvGuestFiles.Steps.Tests.ps1); a volume that
  // refuses hard links cannot be made there.
  it('falls back to a copy where a hard link is refused', function () {
    const guest = scriptBlockAssignedTo(withoutComments(text), 'GpuPvGuestFiles').text;
    assert.match(
      guest,
      /New-Item -ItemType 'HardLink' -Path \$to -Value \$from -ErrorAction Stop\s*\}\s*catch \{[^}]*\[IO\.File\]::Copy\(\$from, \$to, \$true\)/,
    );
  });

  // Keeping and forgetting the record runs in Pester (Set-GpuPvDriverSyncRecord.Tests.ps1); the
  // inventory's VMs need Hyper-V's objects.
  it('reports the sync record in the inventory, reading one file per VM', function () {
    assert.match(body('ConvertTo-GpuPvVm'), /DriverSyncRecord\s+= \(Read-GpuPvDriverSyncRecord -VMId \(\[string\] \$VM\.VMId\)\)/);
    const read = body('Read-GpuPvDriverSyncRecord');
    assert.equal([...read.matchAll(/\[IO\.File\]::/g)].length, 2, 'one Exists and one ReadAllText per VM');
  });
});
