/**
 * One long-lived PowerShell (or simulated host) process per host, driven through node-powershell.
 *
 * node-powershell has sharp edges this class exists to blunt:
 * - a timed-out call leaves the shell busy and its queue stuck: we keep our own queue and kill and
 *   replace the shell on timeout;
 * - a crashed shell silently drops queued calls and rejects an `exitPromise` nobody awaits: we
 *   send one call at a time and observe every rejection;
 * - any stderr byte fails the call: our module never writes there, so stderr means trouble;
 * - multi-line input can hang: every call is exactly one line;
 * - `history` grows forever: it is emptied after every call.
 */
import { PowerShell, type PowerShellOptions } from 'node-powershell';
import { fail, ok, type Result } from '../core/errors';
import { classifyHostError } from '../core/hostErrors';
import { silentLogger, type Logger } from '../core/logger';
import { decodeReply } from './wire';
import type { RemoteSignIn } from './remoteLaunch';
import { adaptExitPromise, type ExitSignal, type ShellExit } from './shellExit';
import type { SessionKey } from './secrets/sealedSecret';
import { parseSessionKey, refusedAsOtherKey, SESSION_KEY_LINE } from './secrets/sessionKey';

/**
 * A line that carries secrets: built when it is sent, sealed to the session key of the shell that
 * receives it (a shell restarted while the call waited in the queue has a new key).
 */
export type LineBuilder = (key: SessionKey) => Result<string>;

export interface ShellLaunch {
  /** What the log calls this shell, e.g. `pwsh` or `simulated host (win11-workstation)`. */
  readonly description: string;
  readonly executable: string;
  /** Arguments in node-powershell's executableOptions form; order is kept. */
  readonly executableOptions: Readonly<Record<string, string | boolean>>;
  readonly env?: Readonly<Record<string, string>>;
  /**
   * What to say when the executable does not exist (spawn ENOENT), when that is this computer's
   * problem: a PowerShell launch says PowerShell is missing here, whichever host needed it.
   */
  readonly missingExecutable?: string;
  /** Lines run once in every new shell before the first call, e.g. Import-Module. */
  readonly startupLines: readonly string[];
  /**
   * A remote host's sign-in: checked before a shell starts (a refused credential starts no process),
   * run after the startup lines with the connect line it builds (it may read a stored password, then
   * sealed to that shell's key), answered by one envelope. Never logged.
   */
  readonly signIn?: RemoteSignIn;
}

export interface SessionOptions {
  readonly callTimeoutMs: number;
  /** For a new shell, its start and the startup lines (importing Hyper-V can take seconds). */
  readonly startTimeoutMs: number;
  readonly log?: Logger;
}

export type SessionState = 'stopped' | 'starting' | 'ready' | 'disposed';

interface ShellHandle {
  readonly shell: PowerShell;
  readonly exit: ExitSignal;
  /** The last of what the shell wrote to stderr: why a shell that dies as it starts died. */
  stderrTail: string;
  /** The public half of this shell's session key, once asked for (only a line with a secret needs it). */
  key?: SessionKey;
}

export class PowerShellSession {
  private handle: ShellHandle | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private disposed = false;
  private readonly log: Logger;
  /** How many shells this session has started; a recycle after a fault adds one. */
  shellsStarted = 0;
  private stateValue: SessionState = 'stopped';

  constructor(
    private readonly launch: ShellLaunch,
    private readonly options: SessionOptions,
  ) {
    this.log = options.log ?? silentLogger;
  }

  get state(): SessionState {
    return this.stateValue;
  }

  /** Calls waiting or running; the UI shows a host as busy while this is above zero. */
  get pendingCalls(): number {
    return this.pending;
  }

  /** Sends one line and resolves with what the shell printed for it. Never rejects. */
  call(line: string | LineBuilder, timeoutMs = this.options.callTimeoutMs): Promise<Result<string>> {
    if (typeof line === 'string' && !isOneLine(line)) return Promise.resolve(notOneLine());
    this.pending++;
    const run = this.queue.then(() => this.run(line, timeoutMs));
    this.queue = run.catch(() => undefined);
    return run.finally(() => this.pending--);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.stateValue = 'disposed';
    await this.killShell();
  }

  private async run(line: string | LineBuilder, timeoutMs: number): Promise<Result<string>> {
    if (this.disposed) return fail('session-disposed', 'The connection to this host was closed.');
    const started = await this.ensureShell();
    if (!started.ok) return started;
    if (typeof line === 'string') return this.invoke(started.value, line, timeoutMs);
    return this.invokeSealed(started.value, line, timeoutMs);
  }

  /**
   * Seals the line's secrets to the key of the shell that receives it. A shell that refuses them as
   * sealed to another key (its module was loaded again) gets the line sealed again, once: the secret
   * is still in the caller's hands, and the module refuses before anything runs.
   */
  private async invokeSealed(handle: ShellHandle, build: LineBuilder, timeoutMs: number): Promise<Result<string>> {
    for (let attempt = 1; ; attempt++) {
      const key = await this.sessionKey(handle, timeoutMs);
      if (!key.ok) return key;
      const line = build(key.value);
      if (!line.ok) return line;
      if (!isOneLine(line.value)) return notOneLine();
      const reply = await this.invoke(handle, line.value, timeoutMs);
      if (attempt > 1 || !reply.ok || !refusedAsOtherKey(reply.value)) return reply;
      handle.key = undefined;
      this.log.warn(`${this.launch.description}: the shell holds another session key; the call's secrets are sealed again`);
    }
  }

  /** The shell's session key, asked for once per shell (the module makes it on that first ask). */
  private async sessionKey(handle: ShellHandle, timeoutMs: number): Promise<Result<SessionKey>> {
    if (handle.key) return ok(handle.key);
    const reply = await this.invoke(handle, SESSION_KEY_LINE, timeoutMs);
    if (!reply.ok) return reply;
    const key = parseSessionKey(reply.value);
    if (key.ok) handle.key = key.value;
    return key;
  }

  private async ensureShell(): Promise<Result<ShellHandle>> {
    if (this.handle && !this.handle.exit.hasExited()) return ok(this.handle);
    this.stateValue = 'starting';
    const allowed = this.launch.signIn ? await this.launch.signIn.check() : ok(undefined);
    if (!allowed.ok) {
      this.stateValue = 'stopped';
      return allowed;
    }
    const handle = this.spawn();
    if (!handle.ok) {
      this.stateValue = 'stopped';
      return handle;
    }
    this.handle = handle.value;
    const deadline = Date.now() + this.options.startTimeoutMs;
    for (const line of this.launch.startupLines) {
      const result = await this.invoke(handle.value, line, Math.max(1, deadline - Date.now()));
      if (!result.ok) {
        await this.killShell();
        this.stateValue = 'stopped';
        const error = result.error;
        if (error.id === 'shell-not-found' || error.id === 'powershell-missing') return result;
        return fail(
          'shell-start-failed',
          `${this.launch.description} started but could not load the GPU-PV module: ${error.message}`,
          error.detail === undefined ? undefined : redactPayloads(error.detail),
        );
      }
    }
    if (this.launch.signIn) {
      const connected = await this.connectRemote(this.launch.signIn, handle.value, deadline);
      if (!connected.ok) {
        await this.killShell();
        this.stateValue = 'stopped';
        return connected;
      }
    }
    this.stateValue = 'ready';
    return ok(handle.value);
  }

  /** Signs in; a refusal comes back as the remoting error's id (unreachable, credentials…). */
  private async connectRemote(signIn: RemoteSignIn, handle: ShellHandle, deadline: number): Promise<Result<void>> {
    // The credential comes from SecretStorage, which may wait on a keychain prompt, and a sign-in may
    // wait for another with the same credential: neither past the start deadline. A connect line
    // that is sent has its own timeout, at the deadline, which answers first.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Result<void>>((resolve) => {
      timer = setTimeout(
        () =>
          resolve(
            fail(
              'remote-auth-failed',
              `${this.launch.description}: its stored credentials could not be read in time (is the keychain locked?).`,
            ),
          ),
        Math.max(1, deadline - Date.now()) + 1000,
      );
    });
    try {
      return await Promise.race([signIn.connect((line) => this.sendConnect(handle, line, deadline)), late]);
    } catch (error) {
      return fail('invalid-argument', `${this.launch.description}: the connection settings are invalid.`, (error as Error).message);
    } finally {
      clearTimeout(timer);
    }
  }

  private async sendConnect(handle: ShellHandle, line: string | LineBuilder, deadline: number): Promise<Result<void>> {
    const remaining = Math.max(1, deadline - Date.now());
    const reply = typeof line === 'string' ? await this.invoke(handle, line, remaining) : await this.invokeSealed(handle, line, remaining);
    if (!reply.ok) {
      if (reply.error.id === 'shell-timeout') return fail('remote-unreachable', `${this.launch.description} did not connect in time.`);
      // What the shell printed may quote the connect line, whose payload holds the password.
      return {
        ok: false,
        error: { ...reply.error, ...(reply.error.detail === undefined ? {} : { detail: redactPayloads(reply.error.detail) }) },
      };
    }
    const envelope = decodeReply(reply.value);
    if (!envelope.ok) return envelope;
    if (!envelope.value.ok) return { ok: false, error: classifyHostError(envelope.value.error) };
    // From now on the remote host's copy of the module opens the secrets (Get-SessionKey is forwarded
    // too): the next secret is sealed to its key, and this shell's key, used for the connect line, is dropped.
    handle.key = undefined;
    this.log.info(`${this.launch.description}: connected`);
    return ok(undefined);
  }

  /** Ends the shell (a remote session that broke); the next call starts and connects a new one. */
  async restartShell(): Promise<void> {
    await this.killShell();
    if (!this.disposed) this.stateValue = 'stopped';
  }

  private spawn(): Result<ShellHandle> {
    const options: PowerShellOptions = {
      executable: this.launch.executable,
      executableOptions: { ...this.launch.executableOptions },
      spawnOptions: { env: { ...process.env, ...this.launch.env }, windowsHide: true },
      // We time calls ourselves: node-powershell's own timeout leaves the shell busy.
      invocationTimeout: 0,
      throwOnInvocationError: true,
    };
    let shell: PowerShell;
    try {
      shell = new PowerShell(options);
    } catch (error) {
      return fail('shell-not-found', `Could not start ${this.launch.description}.`, (error as Error).message);
    }
    this.shellsStarted++;
    // A dead shell's stdin emits EPIPE; unobserved, that error would take the extension host down.
    shell.streams.stdin.on('error', () => undefined);
    const handle: ShellHandle = { shell, exit: adaptExitPromise(shell), stderrTail: '' };
    shell.streams.stderr.on('data', (chunk: Buffer | string) => {
      handle.stderrTail = (handle.stderrTail + chunk.toString()).slice(-STDERR_TAIL_CHARS);
    });
    handle.exit.onExit(({ reason }) => {
      if (this.handle === handle) {
        this.handle = undefined;
        if (!this.disposed) this.stateValue = 'stopped';
      }
      this.log.debug(`${this.launch.description}: ${reason}`);
    });
    this.log.info(`${this.launch.description}: shell started`);
    return ok(handle);
  }

  private async invoke(handle: ShellHandle, line: string, timeoutMs: number): Promise<Result<string>> {
    let timer: NodeJS.Timeout | undefined;
    let unsubscribe: () => void = () => undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const exited = new Promise<{ kind: 'exited'; exit: ShellExit }>((resolve) => {
      unsubscribe = handle.exit.onExit((exit) => resolve({ kind: 'exited', exit }));
    });
    const invocation = handle.shell.invoke(line).then(
      (record) => ({ kind: 'done' as const, raw: record.raw }),
      (error: Error) => ({ kind: 'error' as const, error }),
    );
    try {
      const outcome = await Promise.race([invocation, timedOut, exited]);
      if (outcome === 'timeout') {
        await this.recycle(handle, 'a call timed out');
        return fail(
          'shell-timeout',
          `${this.launch.description} did not answer within ${formatSeconds(timeoutMs)}; its shell was restarted.`,
        );
      }
      if (outcome.kind === 'exited') {
        // The output may still have arrived before the exit; prefer it when complete.
        const late = await Promise.race([invocation, delay(50).then(() => undefined)]);
        if (late?.kind === 'done' && late.raw.trim() !== '') return ok(late.raw);
        return this.exitFailure(outcome.exit, handle);
      }
      if (outcome.kind === 'error') {
        if (outcome.error.name === 'ProcessError' || handle.exit.hasExited()) return this.exitFailure(await handle.exit.exited, handle);
        // Awaited: the `finally` below releases the exit waiters, the kill in stderrFailure waits on one.
        return await this.stderrFailure(handle, outcome.error);
      }
      if (outcome.raw.trim() === '') {
        // node-powershell resolves with empty output when the shell exits cleanly mid-call.
        const exit = await Promise.race([handle.exit.exited, delay(50).then(() => undefined)]);
        if (exit) return this.exitFailure(exit, handle);
      }
      return ok(outcome.raw);
    } finally {
      clearTimeout(timer);
      unsubscribe();
      handle.exit.releaseCallPromises();
      // node-powershell keeps every call in `history`, forever.
      handle.shell.history.length = 0;
    }
  }

  /** node-powershell's InvocationError: the shell wrote to stderr. It still runs, but its state is suspect. */
  private async stderrFailure(handle: ShellHandle, error: Error): Promise<Result<string>> {
    await this.recycle(handle, 'it wrote to stderr');
    return fail(
      'shell-stderr',
      `${this.launch.description} reported an error outside the GPU-PV module.`,
      redactPayloads(error.message.trim()),
    );
  }

  private exitFailure(exit: ShellExit, handle: ShellHandle): Result<string> {
    if (exit.missing && this.launch.missingExecutable) return fail('powershell-missing', this.launch.missingExecutable, exit.reason);
    if (exit.notStartable) {
      return fail(
        'shell-not-found',
        `${this.launch.description} could not be started: "${this.launch.executable}" was not found or cannot run.`,
        exit.reason,
      );
    }
    const said = redactPayloads(handle.stderrTail.trim());
    return fail(
      'shell-crashed',
      `${this.launch.description} stopped during the call (${exit.reason}); the next call starts a new shell.`,
      said === '' ? undefined : said,
    );
  }

  private async recycle(handle: ShellHandle, why: string): Promise<void> {
    this.log.warn(`${this.launch.description}: restarting the shell because ${why}`);
    if (this.handle === handle) await this.killShell();
  }

  private async killShell(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    if (!handle || handle.exit.hasExited()) return;
    await Promise.race([handle.shell.dispose('SIGKILL').catch(() => undefined), delay(2000)]);
  }
}

/** Enough for .NET's or PowerShell's start-up error, not a flood. */
const STDERR_TAIL_CHARS = 2000;

function isOneLine(line: string): boolean {
  return !/[\r\n]/.test(line);
}

function notOneLine(): Result<string> {
  return fail('invalid-argument', 'A call must be exactly one line.');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`;
}

/**
 * A shell's own error text may quote the line it failed on (PowerShell's position message), and a
 * line's payload may hold a password (guest or remote credentials): the payload is never repeated.
 */
export function redactPayloads(text: string): string {
  return text.replace(/-Payload '[A-Za-z0-9+/=]*'?/g, "-Payload '<redacted>'").replace(/[A-Za-z0-9+/]{64,}={0,2}/g, '<redacted>');
}
