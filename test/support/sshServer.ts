/**
 * An OpenSSH server on loopback for the SSH remoting tests: Debian's sshd (provisioned by
 * scripts/ssh/ensure-sshd.mjs), a configuration, host key and client keys of its own in a temp
 * folder, a free port, and the `powershell` subsystem running real pwsh. The remote pwsh runs in a
 * UTS namespace of its own with another host name, so a forwarded call shows where it ran; its home
 * and temp folder are the test's (the module is copied there), and its PSModulePath can be extended.
 *
 * The client side: ssh reads known_hosts and its keys from the account's home in the passwd
 * database, not from $HOME, so the local pwsh runs in a mount namespace whose home folder is the
 * test's (holding known_hosts), and nothing of the machine's own ~/.ssh is read or written.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { HostClient } from '../../src/host/hostClient';
import { launchFor, type HostConfig } from '../../src/host/hostConfig';
import { PowerShellSession, type ShellLaunch } from '../../src/host/session';
import { repoFile } from './powershellSyntax';
import { ensurePwsh } from './realPowerShell';

/** The host name the remote pwsh sees (its own UTS namespace). */
export const REMOTE_HOST_NAME = 'gpupv-ssh-host';

interface SshTools {
  readonly sshd: string;
  readonly ssh: string;
  readonly sshKeygen: string;
}

/** sshd, ssh and ssh-keygen as npm test provisions them; a clear failure, never a skip, without them. */
export function ensureSshd(): SshTools {
  const r = spawnSync(process.execPath, [repoFile('scripts', 'ssh', 'ensure-sshd.mjs'), '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `OpenSSH (sshd, ssh, ssh-keygen) is needed for the SSH remoting tests: ${r.stderr.trim()}`);
  return JSON.parse(r.stdout) as SshTools;
}

const ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
/** Outside root, a user namespace gives the mount and UTS namespaces. */
const UNSHARE = ROOT ? 'unshare' : 'unshare --user --map-root-user';

/** The remote side of the subsystem: pwsh -sshs under another host name. */
const REMOTE_PWSH = `#!/bin/sh
exec ${UNSHARE} --uts sh -c 'hostname "$0" && exec "$1" -sshs -NoLogo -NoProfile' ${REMOTE_HOST_NAME} "$GPUPV_REMOTE_PWSH"
`;

/** The local pwsh, with the test's folder mounted over the account's home (where ssh looks). */
const LOCAL_PWSH = `#!/bin/sh
exec ${UNSHARE} --mount --propagation private sh -c 'mount --bind "$GPUPV_SSH_HOME" "$GPUPV_ACCOUNT_HOME" && exec "$0" "$@"' "$GPUPV_PWSH" "$@"
`;

export interface SshServerOptions {
  /** Folders put in front of the remote pwsh's PSModulePath (e.g. a double of Hyper-V's modules). */
  readonly remoteModulePath?: readonly string[];
  /** More environment for the remote pwsh (values without spaces: sshd's SetEnv splits on them). */
  readonly remoteEnv?: Readonly<Record<string, string>>;
}

export interface SshServer {
  readonly port: number;
  /** The account the client signs in as (the one running the tests). */
  readonly userName: string;
  /** Authorised on the server. */
  readonly clientKey: string;
  /** A key the server does not know. */
  readonly wrongKey: string;
  /** The remote pwsh's temp folder, where the module is copied. */
  readonly remoteTemp: string;
  /** `launch` (a pwsh launch of launchFor) started in the namespace that gives ssh the test's home. */
  client(launch: ShellLaunch): ShellLaunch;
  /**
   * An ssh-agent holding the authorised key, as a user's desktop session often has one: its socket,
   * for SSH_AUTH_SOCK. Stopped with the server.
   */
  startAgent(): Promise<string>;
  /** What sshd logged so far (LogLevel VERBOSE). */
  log(): string;
  /** The sshd processes serving one connection each (children of the listener). */
  connections(): number[];
  /** Drops a connection as a host that goes away would: its sshd processes and the remote pwsh, killed. */
  drop(connection: number): void;
  /** Whether a remote pwsh serves this connection (not only the sign-in). */
  hasRemoteShell(connection: number): boolean;
  /** The host stops answering on this connection: the remote pwsh (a launcher and its dotnet) is stopped. */
  freeze(connection: number): void;
  stop(): Promise<void>;
}

export async function startSshServer(pwsh: string, options: SshServerOptions = {}): Promise<SshServer> {
  const tools = ensureSshd();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpupv-sshd-'));
  const folder = (name: string) => {
    const p = path.join(dir, name);
    fs.mkdirSync(p, { mode: 0o700 });
    return p;
  };
  const [home, remoteHome, remoteTemp] = [folder('home'), folder('remote-home'), folder('remote-tmp')];
  fs.mkdirSync(path.join(home, '.ssh'), { mode: 0o700 });
  const keygen = (name: string) => {
    const file = path.join(dir, name);
    const r = spawnSync(tools.sshKeygen, ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file], { encoding: 'utf8' });
    assert.equal(r.status, 0, `ssh-keygen ${name}: ${r.stderr}`);
    return file;
  };
  const [hostKey, clientKey, wrongKey] = [keygen('host-key'), keygen('client-key'), keygen('wrong-key')];
  fs.writeFileSync(path.join(dir, 'authorized_keys'), fs.readFileSync(`${clientKey}.pub`), { mode: 0o600 });

  const port = await freePort();
  fs.writeFileSync(path.join(home, '.ssh', 'known_hosts'), `[127.0.0.1]:${port} ${fs.readFileSync(`${hostKey}.pub`, 'utf8')}`);
  const remotePwsh = path.join(dir, 'remote-pwsh.sh');
  fs.writeFileSync(remotePwsh, REMOTE_PWSH, { mode: 0o755 });
  const localPwsh = path.join(dir, 'local-pwsh.sh');
  fs.writeFileSync(localPwsh, LOCAL_PWSH, { mode: 0o755 });
  const config = path.join(dir, 'sshd_config');
  fs.writeFileSync(
    config,
    sshdConfig({
      dir,
      port,
      hostKey,
      remotePwsh,
      remoteHome,
      remoteTemp,
      pwsh,
      modulePath: options.remoteModulePath,
      env: options.remoteEnv,
    }),
  );
  // Debian's sshd run as root wants its privilege separation folder, which only a boot makes.
  if (ROOT) fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });

  const logFile = path.join(dir, 'sshd.log');
  const check = spawnSync(tools.sshd, ['-t', '-f', config], { encoding: 'utf8' });
  assert.equal(check.status, 0, `sshd refuses the test's configuration: ${check.stderr}`);
  const sshd = spawn(tools.sshd, ['-D', '-f', config, '-E', logFile], { stdio: 'ignore' });
  await listening(port, sshd, logFile);

  const account = os.userInfo();
  const agents: ChildProcess[] = [];
  return {
    port,
    userName: account.username,
    clientKey,
    wrongKey,
    remoteTemp,
    client: (launch) => ({
      ...launch,
      executable: localPwsh,
      env: { ...launch.env, GPUPV_PWSH: launch.executable, GPUPV_SSH_HOME: home, GPUPV_ACCOUNT_HOME: accountHome() },
    }),
    async startAgent() {
      const socket = path.join(dir, `agent-${agents.length}.sock`);
      const agent = spawn(path.join(path.dirname(tools.ssh), 'ssh-agent'), ['-D', '-a', socket], { stdio: 'ignore' });
      agents.push(agent);
      await waitFor(() => fs.existsSync(socket), 'ssh-agent to listen');
      const added = spawnSync(path.join(path.dirname(tools.ssh), 'ssh-add'), [clientKey], {
        env: { ...process.env, SSH_AUTH_SOCK: socket },
        encoding: 'utf8',
      });
      assert.equal(added.status, 0, `ssh-add: ${added.stderr}`);
      return socket;
    },
    log: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''),
    connections: () => childrenOf(sshd.pid!),
    drop: (connection) => [connection, ...descendantsOf(connection)].forEach(kill),
    hasRemoteShell: (connection) => descendantsOf(connection).some((pid) => commandOf(pid) === 'pwsh'),
    freeze: (connection) => descendantsOf(connection).forEach((pid) => signal(pid, 'SIGSTOP')),
    async stop() {
      for (const agent of agents) agent.kill('SIGTERM');
      // The remote pwsh is a grandchild of sshd: killing only the connection's sshd leaves it to
      // init, still writing its cache in the home folder while that folder is removed.
      const remote = descendantsOf(sshd.pid!);
      remote.forEach(kill);
      if (sshd.exitCode === null) {
        const exited = new Promise((resolve) => sshd.once('exit', resolve));
        sshd.kill('SIGTERM');
        await exited;
      }
      try {
        await waitFor(() => !remote.some(isRunning), 'the remote shells to exit');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      }
    },
  };
}

export interface SshConnectOptions {
  readonly keyFilePath: string;
  /** More environment for the local pwsh (e.g. SSH_AUTH_SOCK). */
  readonly env?: Readonly<Record<string, string>>;
  /** The host's address as the user typed it; known_hosts knows 127.0.0.1 only. */
  readonly address?: string;
}

/** The production session and client of a remote SSH host at this server, as the extension starts them. */
export function connectOverSsh(
  server: SshServer,
  storagePath: string,
  options: SshConnectOptions,
): { session: PowerShellSession; client: HostClient } {
  const config: HostConfig = {
    kind: 'remote',
    name: 'SSH loopback',
    transport: 'ssh',
    address: options.address ?? '127.0.0.1',
    port: server.port,
    userName: server.userName,
    keyFilePath: options.keyFilePath,
  };
  const launch = launchFor(config, {
    extensionPath: repoFile(),
    storagePath,
    nodeExecutable: process.execPath,
    powershellExecutable: ensurePwsh(),
  });
  const session = new PowerShellSession(server.client({ ...launch, env: { ...launch.env, ...options.env } }), {
    callTimeoutMs: 60_000,
    startTimeoutMs: 180_000,
  });
  return { session, client: new HostClient(session, 'ssh') };
}

interface ConfigParts {
  dir: string;
  port: number;
  hostKey: string;
  remotePwsh: string;
  remoteHome: string;
  remoteTemp: string;
  pwsh: string;
  modulePath: readonly string[] | undefined;
  env: Readonly<Record<string, string>> | undefined;
}

function sshdConfig(p: ConfigParts): string {
  const modulePath = p.modulePath?.length ? ` PSModulePath=${p.modulePath.join(':')}` : '';
  const env = Object.entries(p.env ?? {}).map(([name, value]) => {
    assert.doesNotMatch(value, /\s/, `SetEnv cannot carry ${name}=${value}`);
    return ` ${name}=${value}`;
  });
  return [
    `Port ${p.port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${p.hostKey}`,
    `PidFile ${path.join(p.dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(p.dir, 'authorized_keys')}`,
    // The keys live in a temp folder under /tmp, which StrictModes would refuse (world-writable parent).
    'StrictModes no',
    'UsePAM no',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    'LogLevel VERBOSE',
    `SetEnv HOME=${p.remoteHome} TMPDIR=${p.remoteTemp} GPUPV_REMOTE_PWSH=${p.pwsh}${modulePath}${env.join('')}`,
    `Subsystem powershell ${p.remotePwsh}`,
    '',
  ].join('\n');
}

/** The account's home as ssh finds it: the passwd entry of the uid it runs as (0 in a user namespace). */
function accountHome(): string {
  return ROOT ? os.userInfo().homedir : '/root';
}

export async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    assert.ok(Date.now() < deadline, `waited 10 s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function listening(port: number, sshd: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (sshd.exitCode !== null) break;
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
  assert.fail(`sshd did not listen on 127.0.0.1:${port} (exit ${sshd.exitCode}): ${log}`);
}

/** Direct children of `pid`, from /proc. */
export function childrenOf(pid: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        // The command name (2nd field) may hold spaces and parentheses: the fields after the last ')'.
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

function commandOf(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function descendantsOf(pid: number): number[] {
  return childrenOf(pid).flatMap((child) => [child, ...descendantsOf(child)]);
}

/** A killed process stays a zombie until its parent reaps it: that counts as gone. */
function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function kill(pid: number): void {
  signal(pid, 'SIGKILL');
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}
