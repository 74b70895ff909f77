/**
 * Which hosts the user has, and how to start a shell for each. A simulated host is started exactly
 * like PowerShell, through the same session class; only the executable differs.
 */
import * as path from 'node:path';
import { z } from 'zod/v4';
import type { ShellLaunch } from './session';
import { formatImportModule } from './wire';
import { remoteSignIn, type CredentialSource } from './remoteLaunch';
import { SignInGate } from '../core/signInGate';
import {
  behaviourOf,
  checkConnection,
  type RemoteConnection,
  clusterConnection,
  clusterNodesEnv,
  remoteConnection,
  simulatedClusterSchema,
  simulatedRemoteSchema,
} from './remoteConfig';

export const hostConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local'), name: z.string().min(1).default('This computer') }),
  z
    .object({
      kind: z.literal('simulated'),
      name: z.string().min(1),
      scenario: z.string().min(1),
      remote: simulatedRemoteSchema.optional(),
    })
    .superRefine((config, ctx) => config.remote && checkConnection(config.remote, ctx, ['remote'])),
  z
    .object({ kind: z.literal('remote'), name: z.string().min(1), ...remoteConnection.shape })
    .superRefine((config, ctx) => checkConnection(config, ctx, [])),
  z
    .object({
      kind: z.literal('cluster'),
      name: z.string().min(1),
      ...clusterConnection.shape,
      simulated: simulatedClusterSchema.optional(),
    })
    .superRefine((config, ctx) => checkConnection(config, ctx, [])),
]);
export type HostConfig = z.output<typeof hostConfigSchema>;
export type ClusterConfig = Extract<HostConfig, { kind: 'cluster' }>;

export interface InvalidHostEntry {
  readonly index: number;
  readonly problem: string;
}

/** Reads the `gpupv.hosts` setting; entries that do not validate are reported, not dropped silently. */
export function parseHostsSetting(value: unknown): { hosts: HostConfig[]; invalid: InvalidHostEntry[] } {
  const hosts: HostConfig[] = [];
  const invalid: InvalidHostEntry[] = [];
  const seen = new Set<string>();
  (Array.isArray(value) ? value : []).forEach((entry, index) => {
    const parsed = hostConfigSchema.safeParse(entry);
    if (!parsed.success) {
      invalid.push({ index, problem: parsed.error.issues.map((i) => `${i.path.join('.') || 'entry'}: ${i.message}`).join('; ') });
      return;
    }
    const id = hostId(parsed.data);
    if (seen.has(id)) {
      invalid.push({ index, problem: `duplicate host "${parsed.data.name}"` });
      return;
    }
    seen.add(id);
    hosts.push(parsed.data);
  });
  return { hosts, invalid };
}

/** A stable id for tree node ids and storage folders: the kind and the name, made path-safe. */
export function hostId(config: HostConfig): string {
  const slug = config.name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
  const hash = simpleHash(`${config.kind}:${config.name}`);
  return `${config.kind}-${slug || 'host'}-${hash}`;
}

/** Whether two entries are the same settings (an edited entry keeps its id but gets a new node or session). */
export function sameHostConfig(a: HostConfig | undefined, b: HostConfig | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function simpleHash(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export interface LaunchEnvironment {
  /** The extension's install folder: holds dist/simulator.js and dist/powershell (the built module). */
  readonly extensionPath: string;
  /** Where simulated hosts keep their state and disks. */
  readonly storagePath: string;
  /** The PowerShell executable setting (machine scoped), or this OS's default when it is empty. */
  readonly powershellExecutable: string;
  /** Whether the user set the executable (its value is then named when it is not found). */
  readonly powershellExecutableSet?: boolean;
  /** A Node.js binary able to run the simulator; in VS Code, the extension host's own. */
  readonly nodeExecutable: string;
  /** Which face a simulated host shows the session; see simulatedFaceOf. */
  readonly simulatedFace?: SimulatedFace;
}

/**
 * 'simulator': the simulated host answers the module's protocol itself (dist/simulator.js).
 * 'module': the real GpuPv.psm1 in pwsh 7 over the Hyper-V double (dist/moduleFace.js), which
 * needs the pwsh that scripts/powershell/ensure-pwsh.mjs installs; chosen by the tests and by
 * `npm run demo -- --real-module`, never by a setting. Only a simulated host on this computer has
 * it: one that plays a remote host or a cluster would have the real module connect for real.
 */
export type SimulatedFace = 'simulator' | 'module';

/** GPUPV_SIMULATED_FACE=module selects the real-module face for every simulated host. */
export function simulatedFaceOf(env: Readonly<Record<string, string | undefined>>): SimulatedFace {
  return env.GPUPV_SIMULATED_FACE === 'module' ? 'module' : 'simulator';
}

export function modulePath(extensionPath: string): string {
  return path.join(extensionPath, 'dist', 'powershell', 'GpuPv.psm1');
}

export function simulatedHostDir(config: HostConfig, storagePath: string): string {
  return path.join(storagePath, 'simulated-hosts', hostId(config));
}

/**
 * How to start the shell of a host. A remote host (or cluster) is the local shell plus a connect
 * line (New-PSSession, module copied and imported there, Invoke-GpuPv forwarded); a simulated host
 * that plays a remote one gets exactly the same lines, only the executable differs. `credentials`
 * is read when a shell starts, so the password is in no launch, fingerprint or log; `signIns` is
 * shared by the hosts of one pool, so hosts with one owner's credential do not all try a wrong one.
 */
export function launchFor(
  config: HostConfig,
  env: LaunchEnvironment,
  credentials?: CredentialSource,
  signIns: SignInGate = new SignInGate(),
): ShellLaunch {
  const startupLines = [formatImportModule(modulePath(env.extensionPath))];
  const connection = connectionOf(config);
  const signIn = connection && remoteSignIn(connection, hostId(config), config.name, credentials, signIns);
  const where = connection ? `${connection.transport === 'ssh' ? 'SSH' : 'WinRM'} to ${connection.address}` : undefined;
  const simulated = simulatedLaunch(config);
  if (simulated) {
    const moduleFace = env.simulatedFace === 'module' && config.kind === 'simulated' && !config.remote;
    return {
      description: `simulated host "${config.name}"${moduleFace ? ' (real module in pwsh)' : ''}${where ? ` (${where})` : ''}`,
      executable: env.nodeExecutable,
      // node-powershell always prepends -NoLogo; switching it off lets the script path come first.
      executableOptions: { '-NoLogo': false, [path.join(env.extensionPath, 'dist', moduleFace ? 'moduleFace.js' : 'simulator.js')]: true },
      env: {
        ELECTRON_RUN_AS_NODE: '1',
        GPUPV_SIM_DIR: simulatedHostDir(config, env.storagePath),
        GPUPV_SIM_SCENARIO: simulated.scenario,
        ...simulated.env,
        // pwsh outside Windows: see the TERM of the PowerShell launch below.
        ...(moduleFace ? { TERM: 'dumb' } : {}),
      },
      startupLines,
      ...(signIn ? { signIn } : {}),
    };
  }
  return {
    description: `${path.basename(env.powershellExecutable)} on this computer${where ? `, ${where}` : ''}`,
    executable: env.powershellExecutable,
    missingExecutable: missingPowerShell(env),

    executableOptions: { '-NoLogo': true, '-NoProfile': true, '-NonInteractive': true, '-ExecutionPolicy': 'Bypass' },
    // PowerShell 7 outside Windows (.NET's Unix console) writes the terminal's keypad sequences
    // (ESC[?1h ESC[?1l) around what it prints, unless the terminal is dumb: they would corrupt the
    // one-line replies. Windows PowerShell and pwsh on Windows ignore TERM.
    env: { TERM: 'dumb' },
    startupLines,
    ...(signIn ? { signIn } : {}),
  };
}

/** Every host kind but a simulated one needs this computer's PowerShell: its absence is said as such. */
function missingPowerShell(env: LaunchEnvironment): string {
  return env.powershellExecutableSet
    ? `The PowerShell set in “GPU-PV: PowerShell Executable”, ${env.powershellExecutable}, was not found on this computer.`
    : `PowerShell is not installed on this computer (${env.powershellExecutable} was not found).`;
}

/** How a host is reached over PowerShell remoting; undefined for this computer and plain simulated hosts. */
export function connectionOf(config: HostConfig): RemoteConnection | undefined {
  if (config.kind === 'remote') return config;
  if (config.kind === 'cluster') return { ...config, address: config.clusterName };
  return config.kind === 'simulated' ? config.remote : undefined;
}

/** The scenario and environment of a simulated host; its remote behaviour holds no secret. */
function simulatedLaunch(config: HostConfig): { scenario: string; env: Record<string, string> } | undefined {
  if (config.kind === 'simulated') {
    return { scenario: config.scenario, env: config.remote ? { GPUPV_SIM_REMOTE: JSON.stringify(behaviourOf(config.remote)) } : {} };
  }
  if (config.kind === 'cluster' && config.simulated) {
    return {
      scenario: config.simulated.scenario,
      env: { ...clusterNodesEnv(config.simulated), GPUPV_SIM_REMOTE: JSON.stringify(behaviourOf(config.simulated)) },
    };
  }
  return undefined;
}
