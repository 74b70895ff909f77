import assert from 'node:assert/strict';
import { LineSplitter } from '../../../src/simulator/shell/lineSplitter';
import { formatConnect, formatImportModule } from '../../../src/host/wire';
import { ShellInterpreter, type CallHost, type CallOutcome } from '../../../src/simulator/shell/interpreter';
import { classifyLine } from '../../../src/simulator/shell/commandLine';
import { commandNotFoundLines } from '../../../src/simulator/shell/commandNotFound';

const IMPORT = formatImportModule('C:\\m\\GpuPv.psm1');

class Recorder {
  readonly events: string[] = [];
  readonly exits: number[] = [];
  readonly output = {
    stdout: (line: string) => this.events.push(`out:${line}`),
    stderr: (line: string) => this.events.push(`err:${line}`),
    exit: (code: number) => this.exits.push(code),
  };
}

/** Answers `Invoke-GpuPv -Operation '<name>'` with the outcome the test scripted for that name. */
function scriptedHost(script: Record<string, () => Promise<CallOutcome>>): CallHost {
  return {
    edition: () => 'Desktop',
    call: (line) => script[/-Operation '([^']*)'/.exec(line)![1]!]!(),
    connect: () => script['connect']!(),
  };
}

const call = (op: string) => `Invoke-GpuPv -Operation '${op}' -Payload 'e30='`;
const reply = (text: string): CallOutcome => ({ kind: 'reply', stdout: [text], stderr: [] });
const later = (ms: number, outcome: CallOutcome) => () => new Promise<CallOutcome>((resolve) => setTimeout(() => resolve(outcome), ms));

describe('simulator shell interpreter', () => {
  it('keeps output in input order when an earlier call is slower than a later one', async () => {
    const rec = new Recorder();
    const shell = new ShellInterpreter(rec.output, scriptedHost({ Slow: later(40, reply('slow')), Fast: later(0, reply('fast')) }));
    for (const line of [IMPORT, call('Slow'), '[Console]::Out.WriteLine("mid")', call('Fast'), '[Console]::Error.WriteLine("end")'])
      shell.accept(line);
    await shell.whenIdle();
    assert.deepEqual(rec.events, ['out:slow', 'out:mid', 'out:fast', 'err:end']);
  });

  it('after a hang runs no later line', async () => {
    const rec = new Recorder();
    const shell = new ShellInterpreter(rec.output, scriptedHost({ Hang: async () => ({ kind: 'hang' }) }));
    for (const line of [IMPORT, call('Hang'), '[Console]::Out.WriteLine("never")']) shell.accept(line);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(shell.isHung, true);
    assert.deepEqual(rec.events, []);
  });

  it('a crash exits with code 1 without answering', async () => {
    const rec = new Recorder();
    const shell = new ShellInterpreter(rec.output, scriptedHost({ Crash: async () => ({ kind: 'crash' }) }));
    shell.accept(IMPORT);
    shell.accept(call('Crash'));
    await shell.whenIdle();
    assert.deepEqual(rec.exits, [1]);
    assert.deepEqual(rec.events, []);
  });

  it('turns a host that throws into an error envelope on stdout', async () => {
    const rec = new Recorder();
    const shell = new ShellInterpreter(rec.output, scriptedHost({ Boom: () => Promise.reject(new Error('boom')) }));
    shell.accept(IMPORT);
    shell.accept(call('Boom'));
    await shell.whenIdle();
    assert.equal(rec.events.length, 1);
    const envelope = JSON.parse(Buffer.from(rec.events[0]!.slice(4), 'base64').toString('utf8'));
    assert.deepEqual(envelope.error.id, 'hyperv-error');
    assert.equal(envelope.error.message, 'boom');
  });

  it('answers a remote host’s connect line (the exact line launchFor sends) only after the module is imported', async () => {
    const connect = formatConnect({ Transport: 'winrm', Address: 'hv1', TimeoutMs: 20_000, UseSsl: true });
    const rec = new Recorder();
    const shell = new ShellInterpreter(rec.output, scriptedHost({ connect: async () => reply('connected') }));
    shell.accept(connect);
    shell.accept(IMPORT);
    shell.accept(connect);
    await shell.whenIdle();
    assert.match(rec.events[0]!, /^err:Connect-GpuPvRemote : The term 'Connect-GpuPvRemote' is not recognized/);
    assert.equal(rec.events.at(-1), 'out:connected');
  });

  it('does not know Invoke-GpuPv before the module is imported', async () => {
    const rec = new Recorder();
    const shell = new ShellInterpreter(rec.output, scriptedHost({ Get: async () => reply('x') }));
    shell.accept(call('Get'));
    await shell.whenIdle();
    assert.match(rec.events[0]!, /^err:Invoke-GpuPv : The term 'Invoke-GpuPv' is not recognized/);
  });

  it('writes stderr lines of a reply before its stdout lines', async () => {
    const rec = new Recorder();
    const shell = new ShellInterpreter(
      rec.output,
      scriptedHost({ Warn: async () => ({ kind: 'reply', stdout: ['ok'], stderr: ['warning'] }) }),
    );
    shell.accept(IMPORT);
    shell.accept(call('Warn'));
    await shell.whenIdle();
    assert.deepEqual(rec.events, ['err:warning', 'out:ok']);
  });

  describe('line classification', () => {
    it("recognises node-powershell's delimiter writes in any case", () => {
      assert.deepEqual(classifyLine('[Console]::Out.WriteLine("AbC123")'), { kind: 'write', stream: 'out', text: 'AbC123' });
      assert.deepEqual(classifyLine('[console]::error.writeline("x")'), { kind: 'write', stream: 'err', text: 'x' });
    });

    it('recognises the module import, calls, blanks and anything else', () => {
      assert.deepEqual(classifyLine(IMPORT), { kind: 'import-module', path: 'C:\\m\\GpuPv.psm1' });
      assert.equal(classifyLine(call('Get-Inventory')).kind, 'call');
      assert.equal(classifyLine('   ').kind, 'blank');
      assert.deepEqual(classifyLine('Get-Process -Name x'), { kind: 'unknown', command: 'Get-Process', line: 'Get-Process -Name x' });
    });
  });

  it('renders an unknown command like each edition does', () => {
    const desktop = commandNotFoundLines('Get-Foo', 'Get-Foo -Bar', 'Desktop');
    assert.equal(
      desktop[0],
      "Get-Foo : The term 'Get-Foo' is not recognized as the name of a cmdlet, function, script file, or operable " +
        'program. Check the spelling of the name, or if a path was included, verify that the path is correct and ' +
        'try again.',
    );
    assert.equal(desktop[3], '+ ~~~~~~~');
    assert.match(desktop.join('\n'), /CommandNotFoundException/);
    const core = commandNotFoundLines('Get-Foo', 'Get-Foo -Bar', 'Core');
    assert.equal(
      core[0],
      "Get-Foo: The term 'Get-Foo' is not recognized as a name of a cmdlet, function, script file, or executable program.",
    );
  });

  it('LineSplitter accepts \\n and \\r\\n, across chunk boundaries, and flushes a last unterminated line', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    splitter.push('one\r');
    splitter.push('\ntwo\nthr');
    splitter.push('ee\r\nfour');
    splitter.end();
    assert.deepEqual(lines, ['one', 'two', 'three', 'four']);
  });
});
