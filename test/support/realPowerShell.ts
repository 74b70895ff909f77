/**
 * Real PowerShell 7 for the tests: the pwsh npm test provides, and a launch of it whose every trace
 * is recorded where a test can search it. PowerShell's own logging is switched on through a settings
 * file (-SettingsFile), as a host's administrator would by policy: transcription of every line it
 * reads, script block logging (with invocation logging) and module logging of every module. On Linux
 * PowerShell writes the two logs to syslog, through /dev/log: each pwsh runs in a mount namespace of
 * its own whose /dev/log is a socket of the test (nothing else's syslog is touched), and glibc falls
 * back to a stream socket, which Node can listen on. Its temp folder and home are the test's too.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ShellLaunch } from '../../src/host/session';
import { repoFile } from './powershellSyntax';
import { Recordings } from './secretScan';

/** pwsh as npm test provides it, and its version: from PATH, or the pinned install (installed now if missing). */
export function pwshInstall(): { readonly pwsh: string; readonly pwshVersion: string } {
  const r = spawnSync(process.execPath, [repoFile('scripts', 'powershell', 'ensure-pwsh.mjs'), '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `PowerShell 7 is needed for this test: ${r.stderr.trim()}`);
  return JSON.parse(r.stdout) as { pwsh: string; pwshVersion: string };
}

export function ensurePwsh(): string {
  return pwshInstall().pwsh;
}

/** Starts pwsh with the policy settings; inside a namespace whose /dev/log is the test's socket when it can be made. */
const WRAPPER = `#!/bin/sh
if [ -z "$GPUPV_IN_NAMESPACE" ] && [ -n "$GPUPV_LOG_SOCKET" ]; then
  export GPUPV_IN_NAMESPACE=1
  if [ "$(id -u)" = 0 ]; then exec unshare --mount --propagation private "$0" "$@"; fi
  exec unshare --user --map-root-user --mount --propagation private "$0" "$@"
fi
if [ -n "$GPUPV_IN_NAMESPACE" ]; then
  set -e
  mount -t tmpfs gpupv-dev "$GPUPV_OVERLAY"
  mkdir "$GPUPV_OVERLAY/upper" "$GPUPV_OVERLAY/work"
  mount -t overlay gpupv-dev -o "lowerdir=/dev,upperdir=$GPUPV_OVERLAY/upper,workdir=$GPUPV_OVERLAY/work" /dev
  touch /dev/log
  mount --bind "$GPUPV_LOG_SOCKET" /dev/log
fi
exec "$GPUPV_PWSH" -SettingsFile "$GPUPV_SETTINGS" "$@"
`;

export interface LoggedPowerShell {
  /** `launch` (a pwsh launch of launchFor) started through the logging wrapper. */
  logged(launch: ShellLaunch): ShellLaunch;
  /** Why PowerShell's syslog output cannot be observed here; undefined when it can. */
  readonly noSyslog: string | undefined;
  /** The transcripts, the syslog received so far, and every file pwsh wrote in its temp folder and home. */
  recordings(): Recordings;
  readonly transcriptDir: string;
  syslog(): string;
  dispose(): Promise<void>;
}

export async function startLoggedPowerShell(): Promise<LoggedPowerShell> {
  const pwsh = ensurePwsh();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpupv-logged-'));
  const folders = Object.fromEntries(['transcripts', 'tmp', 'home', 'overlay'].map((name) => [name, path.join(dir, name)]));
  for (const folder of Object.values(folders)) fs.mkdirSync(folder);
  const settings = path.join(dir, 'powershell.config.json');
  fs.writeFileSync(
    settings,
    JSON.stringify({
      PowerShellPolicies: {
        Transcription: { EnableTranscripting: true, EnableInvocationHeader: true, OutputDirectory: folders.transcripts },
        ScriptBlockLogging: { EnableScriptBlockLogging: true, EnableScriptBlockInvocationLogging: true },
        ModuleLogging: { EnableModuleLogging: true, ModuleNames: ['*'] },
      },
      LogLevel: 'Verbose',
    }),
  );
  const wrapper = path.join(dir, 'pwsh-logged.sh');
  fs.writeFileSync(wrapper, WRAPPER, { mode: 0o755 });

  const socket = path.join(dir, 'log.sock');
  const chunks: Buffer[] = [];
  const server = net.createServer((connection) => connection.on('data', (data) => chunks.push(data)));
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(socket, resolve));
  const env: Record<string, string> = {
    GPUPV_PWSH: pwsh,
    GPUPV_SETTINGS: settings,
    GPUPV_LOG_SOCKET: socket,
    GPUPV_OVERLAY: folders.overlay!,
    TMPDIR: folders.tmp!,
    HOME: folders.home!,
  };
  const probe = spawnSync(wrapper, [], { env: { ...process.env, ...env, GPUPV_PWSH: '/bin/true' }, encoding: 'utf8' });
  const noSyslog =
    probe.status === 0
      ? undefined
      : `pwsh logs to syslog through /dev/log, and this machine lets the test neither own /dev/log nor give pwsh ` +
        `a mount namespace of its own (unshare: ${probe.stderr.trim() || `exit ${probe.status}`})`;
  if (noSyslog) delete env.GPUPV_LOG_SOCKET;

  return {
    noSyslog,
    transcriptDir: folders.transcripts!,
    logged: (launch) => ({ ...launch, executable: wrapper, env: { ...launch.env, ...env } }),
    syslog: () => Buffer.concat(chunks).toString('utf8'),
    recordings() {
      const recordings = new Recordings().add('syslog', Buffer.concat(chunks));
      for (const folder of [folders.transcripts!, folders.tmp!, folders.home!]) recordings.addFiles(folder);
      return recordings;
    },
    async dispose() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
