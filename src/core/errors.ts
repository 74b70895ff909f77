/**
 * Errors are values with an id the UI maps to advice. Nothing above the session throws for an
 * expected failure; it returns `Result`.
 */

export const ERROR_IDS = [
  // The shell and the wire.
  'shell-not-found',
  // The PowerShell executable does not exist on this computer (spawn ENOENT).
  'powershell-missing',
  'shell-start-failed',
  'shell-timeout',
  'shell-crashed',
  'shell-stderr',
  'protocol-invalid',
  'session-disposed',
  // A secret the shell cannot open: sealed to a key it does not hold, or damaged. Never sent in clear instead.
  'secret-key-changed',
  'secret-unreadable',
  // The host.
  'hyperv-missing',
  'access-denied',
  'vm-not-found',
  'adapter-not-found',
  'vm-must-be-off',
  'invalid-argument',
  'unknown-operation',
  // Remote hosts (PowerShell remoting) and failover clusters.
  'remote-unreachable',
  'remote-auth-failed',
  'remote-trusted-hosts',
  'remote-ssh-subsystem',
  'remote-ssh-needs-pwsh7',
  'remote-winrm-unavailable',
  'remote-ssh-host-key',
  'remote-not-hyperv-admin',
  'execution-policy-blocked',
  'remote-connection-lost',
  'cluster-module-missing',
  // Hyper-V's own failures, from the field guide's catalogue.
  'mmio-above-physical-range',
  'gpu-partition-insufficient-resources',
  'group-policy-not-compliant',
  'gpup-blocks-operation',
  'no-instancepath-on-win10',
  'partition-count-invalid',
  'partition-in-use',
  // Driver sync.
  'guest-not-running',
  'guest-credentials-rejected',
  'guest-volume-not-found',
  'guest-volume-locked',
  'vm-disk-in-use',
  'driver-package-missing',
  'driver-sync-failed',
  'disk-still-mounted',
  // What a guest holds that the sync refuses to follow or obey (its administrator may be hostile).
  'guest-reparse-point',
  'guest-data-refused',
  'hyperv-error',
] as const;
export type ErrorId = (typeof ERROR_IDS)[number];

export interface GpuPvError {
  readonly id: ErrorId;
  /** One sentence a user can read, without a stack. */
  readonly message: string;
  /** The host's own text (PowerShell's message, the shell's stderr), when there is one. */
  readonly detail?: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: GpuPvError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(id: ErrorId, message: string, detail?: string): Result<T> {
  return { ok: false, error: detail === undefined ? { id, message } : { id, message, detail } };
}

export function isErrorId(value: string): value is ErrorId {
  return (ERROR_IDS as readonly string[]).includes(value);
}
