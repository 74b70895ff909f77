/**
 * The shell loop: runs the lines node-powershell writes, strictly in order. A call may take time
 * (an injected delay), so lines queue behind it; a hung call blocks every later line, as a hung
 * PowerShell would.
 */
import { encodeReply } from '../../host/wire';
import { unexpectedErrorEnvelope } from '../operations/answerCall';
import type { PsEdition } from '../output/psValue';
import { classifyLine } from './commandLine';
import { commandNotFoundLines } from './commandNotFound';

export type CallOutcome =
  | { readonly kind: 'reply'; readonly stdout: readonly string[]; readonly stderr: readonly string[] }
  /** The process dies mid-call without answering. */
  | { readonly kind: 'crash' }
  /** The call never returns. */
  | { readonly kind: 'hang' };

export interface CallHost {
  edition(): PsEdition;
  call(line: string): Promise<CallOutcome>;
  /** Connect-GpuPvRemote: the host plays a remote one and checks the connection. */
  connect(line: string): Promise<CallOutcome>;
}

export interface ShellOutput {
  stdout(line: string): void;
  stderr(line: string): void;
  exit(code: number): void;
}

export class ShellInterpreter {
  private queue: Promise<void> = Promise.resolve();
  private moduleImported = false;
  private hung = false;

  constructor(
    private readonly output: ShellOutput,
    private readonly host: CallHost,
  ) {}

  get isHung(): boolean {
    return this.hung;
  }

  accept(line: string): void {
    this.queue = this.queue.then(() => this.run(line));
  }

  /** Resolves once every accepted line has run (never, after a hang). */
  whenIdle(): Promise<void> {
    return this.queue;
  }

  private async run(line: string): Promise<void> {
    const command = classifyLine(line);
    switch (command.kind) {
      case 'blank':
        return;
      case 'write':
        if (command.stream === 'out') this.output.stdout(command.text);
        else this.output.stderr(command.text);
        return;
      case 'import-module':
        this.moduleImported = true;
        return;
      case 'call':
        // Without our module loaded, PowerShell does not know Invoke-GpuPv either.
        if (!this.moduleImported) return this.notRecognized('Invoke-GpuPv', command.line);
        return this.call(command.line, (l) => this.host.call(l));
      case 'connect':
        if (!this.moduleImported) return this.notRecognized('Connect-GpuPvRemote', command.line);
        return this.call(command.line, (l) => this.host.connect(l));
      case 'unknown':
        return this.notRecognized(command.command, command.line);
    }
  }

  private notRecognized(command: string, line: string): void {
    for (const text of commandNotFoundLines(command, line, this.host.edition())) this.output.stderr(text);
  }

  private async call(line: string, answer: (line: string) => Promise<CallOutcome>): Promise<void> {
    let outcome: CallOutcome;
    try {
      outcome = await answer(line);
    } catch (error) {
      outcome = { kind: 'reply', stdout: [encodeReply(unexpectedErrorEnvelope(error))], stderr: [] };
    }
    switch (outcome.kind) {
      case 'crash':
        this.output.exit(1);
        return;
      case 'hang':
        this.hung = true;
        return new Promise<void>(() => undefined);
      case 'reply':
        for (const text of outcome.stderr) this.output.stderr(text);
        for (const text of outcome.stdout) this.output.stdout(text);
    }
  }
}
