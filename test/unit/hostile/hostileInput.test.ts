/**
 * Random hostile names, paths, numbers and passwords through every operation of
 * OPERATIONS, sent with HostClient.invoke to one simulated host. For each call: (a) the host received
 * exactly the arguments sent (the simulator records what it decoded when GPUPV_SIM_RECORD=1), each
 * password sealed; (b) the line the session sent is one command whose arguments are single-quoted
 * literals; and (c) the PowerShell preview of random actions has one statement per line whose
 * literals read back exactly. A connect line's password opens back to exactly itself.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { SIZE_KEYS, type GpuPvAction, type PartitionSizes, type VmSettingsChange } from '../../../src/core/actions/gpuPvAction';
import { powershellPreview } from '../../../src/core/actions/powershellPreview';
import { parseLosslessJson, type JsonValue } from '../../../src/core/json/losslessJson';
import { connectLine } from '../../../src/host/callLine';
import { OPERATIONS, type CallArgs, type ConnectArgs, type OperationName } from '../../../src/host/protocol';
import { isSealedSecret, type SealedSecret } from '../../../src/host/secrets/sealedSecret';
import { sealSecrets, type Unsealed } from '../../../src/host/secrets/sealArgs';
import { Secret } from '../../../src/host/secrets/secret';
import { parseCall, parseConnect } from '../../../src/host/wire';
import {
  checkSingleCommandLine,
  decodeVerbatimString,
  listCommands,
  loadPowerShellParser,
  syntaxErrors,
} from '../../support/powershellSyntax';
import { sessionKeyOf } from '../../support/sealing';
import { startSimulatedHost, type SimulatedHost } from '../../support/simulatedHost';
import { HOSTILE_TEXT } from '../powershell/previewCases';
import { SimulatedSessionKey } from '../../../src/simulator/secrets/sessionKeys';

const RUNS_PER_OPERATION = 40;
const SEED = 0x6b1e;

// ----- generators ---------------------------------------------------------------------------

const PIECES = [
  "'",
  "''",
  '"',
  '\u2018',
  '\u2019',
  '\u201a',
  '\u201b',
  '\u201c',
  '\u201d',
  '\u201e',
  '$(',
  ')',
  '$(Stop-Computer -Force)',
  '${env:PATH}',
  '$vm',
  '@splat',
  '`',
  '`n',
  '`0',
  '\n',
  '\r',
  '\r\n',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u2029',
  ';',
  '|',
  '&',
  '&&',
  '||',
  '>',
  '2>&1',
  '#',
  '<#',
  '#>',
  "@'",
  "'@",
  '--%',
  '-Force',
  '\u2013Name',
  '\u202e',
  '\u202c',
  '\u200f',
  '\u200b',
  '\ufeff',
  '\u00a0',
  '\u05e2\u05d1\u05e8\u05d9\u05ea',
  '\u0627\u0644\u0639\u0631\u0628\u064a\u0629',
  '\u4e2d\u6587',
  '\ud83d\ude80',
  'caf\u00e9',
  'e\u0301',
  '\\',
  '\\\\?\\PCI#VEN_10DE&DEV_2504',
  '{064092b3-625e-43bf-9eb5-dc845897dd59}',
  'C:\\Windows\\System32',
  ' ',
  'a',
  'Z9',
];

/** Hostile text between `min` and `max` characters (UTF-16 units, as the protocol counts them). */
function hostileText(min: number, max: number): fc.Arbitrary<string> {
  const fit = (text: string): string => {
    let t = text.slice(0, max);
    // Never cut a surrogate pair in half: a lone surrogate is not text any shell could receive.
    if (/[\ud800-\udbff]$/.test(t)) t = t.slice(0, -1);
    while (t.length < min) t += 'x';
    return t;
  };
  return fc
    .oneof(
      fc.constantFrom(...HOSTILE_TEXT),
      fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 24 }).map((p) => p.join('')),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      // 1,000-character names.
      fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 8 }).map((p) => p.join('').repeat(1000).slice(0, 1000)),
    )
    .map(fit)
    .filter((t) => t.length >= min && t.length <= max);
}

const UINT64_MAX = (1n << 64n) - 1n;
const uint64Edges = fc.constantFrom(
  0n,
  1n,
  (1n << 53n) - 1n,
  1n << 53n,
  (1n << 53n) + 1n,
  (1n << 32n) - 1n,
  1n << 32n,
  UINT64_MAX - 1n,
  UINT64_MAX,
);
const uint64 = fc.oneof(uint64Edges, fc.bigInt({ min: 0n, max: UINT64_MAX }));
const uint32 = fc.oneof(fc.constantFrom(0n, (1n << 32n) - 1n), fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }));

const guid = fc.tuple(fc.uuid(), fc.boolean()).map(([id, upper]) => (upper ? id.toUpperCase() : id));
const adapterId = fc.tuple(guid, guid).map(([vm, adapter]) => `Microsoft:${vm}\\${adapter}`);

const sizes: fc.Arbitrary<PartitionSizes> = fc.record(
  Object.fromEntries(SIZE_KEYS.map((key) => [key, uint64])) as Record<(typeof SIZE_KEYS)[number], fc.Arbitrary<bigint>>,
  {
    requiredKeys: [],
  },
);

const settings: fc.Arbitrary<VmSettingsChange> = fc
  .record(
    {
      GuestControlledCacheTypes: fc.boolean(),
      LowMemoryMappedIoSpace: uint32,
      HighMemoryMappedIoSpace: uint64,
      CheckpointType: fc.constantFrom('Disabled', 'Production', 'ProductionOnly', 'Standard' as const),
      AutomaticStopAction: fc.constantFrom('TurnOff', 'Save', 'ShutDown' as const),
      DynamicMemoryEnabled: fc.boolean(),
    },
    { requiredKeys: [] },
  )
  .filter((s) => Object.keys(s).length > 0) as fc.Arbitrary<VmSettingsChange>;

/** A path segment the protocol's path rules accept, otherwise as hostile as any name. */
const segment = hostileText(1, 60)
  // eslint-disable-next-line no-control-regex -- the characters Windows forbids in file names
  .map((t) => t.replace(/[\\/:*?"<>|\u0000-\u001f]/g, ''))
  .filter((t) => t.length > 0 && t !== '.' && t !== '..');
const guestRelative = fc
  .array(segment, { minLength: 1, maxLength: 6 })
  .map((parts) => parts.join('\\').slice(0, 1024))
  .filter((p) => !p.endsWith('\\'));
const hostAbsolute = fc
  .tuple(fc.constantFrom('C', 'c', 'D'), fc.array(segment, { minLength: 1, maxLength: 6 }))
  .map(([drive, parts]) => `${drive}:\\${parts.join('\\')}`.slice(0, 1024))
  .filter((p) => !p.endsWith('\\'));
const password = hostileText(0, 1024).map((text) => new Secret(text));
const credential = fc.record({ UserName: hostileText(1, 256), Password: password });
const target = fc.oneof(
  fc.record({ Mode: fc.constant('Offline' as const), VMId: guid }),
  fc.record({ Mode: fc.constant('Online' as const), VMId: guid, Credential: credential }),
);
const fileStep = fc.oneof(
  fc.record({ Op: fc.constant('Move' as const), From: guestRelative, To: guestRelative }),
  fc.record({ Op: fc.constant('Remove' as const), Path: guestRelative }),
  fc.record({ Op: fc.constant('Link' as const), From: guestRelative, To: guestRelative }),
  fc.record({
    Op: fc.constant('Write' as const),
    Path: guestRelative,
    ContentBase64: hostileText(0, 200).map((t) => Buffer.from(t).toString('base64')),
  }),
);
const syncRecord = fc.record({
  SyncedAt: hostileText(1, 60),
  Mode: fc.constantFrom('Offline' as const, 'Online' as const),
  Gpus: fc.array(
    fc.record({
      InstancePath: fc.option(hostileText(1, 300), { nil: null }),
      DriverVersion: fc.option(hostileText(1, 40), { nil: null }),
      Packages: fc.array(hostileText(1, 80), { maxLength: 3 }),
    }),
    { maxLength: 2 },
  ),
});

/** Every operation, with arguments its schema accepts but full of hostile values. */
const ARGUMENTS: { readonly [Op in OperationName]: fc.Arbitrary<CallArgs<Op>> } = {
  'Get-SessionKey': fc.constant({}),
  'Get-HostFacts': fc.constant({}),
  'Get-Inventory': fc.constant({}),
  'Get-VmInventory': fc.record({ VMId: guid }),
  'Add-GpuPartitionAdapter': fc.record({ VMId: guid, InstancePath: hostileText(1, 2048), Sizes: sizes }, { requiredKeys: ['VMId'] }),
  'Set-GpuPartitionAdapter': fc.record({ VMId: guid, AdapterId: adapterId, Sizes: sizes }, { requiredKeys: ['VMId', 'Sizes'] }),
  'Remove-GpuPartitionAdapter': fc.record({ VMId: guid, AdapterId: adapterId }, { requiredKeys: ['VMId'] }),
  'Set-VmGpuPvSettings': fc.record({ VMId: guid, Settings: settings }),
  'Set-GpuPartitionCount': fc.record({
    InstancePath: hostileText(1, 2048),
    PartitionCount: fc.oneof(fc.constantFrom(1, 65535), fc.integer({ min: 1, max: 65535 })),
  }),
  'Start-Vm': fc.record({ VMId: guid }),
  'Stop-Vm': fc.record({ VMId: guid, TurnOff: fc.boolean() }),
  'Remove-VmSavedState': fc.record({ VMId: guid }),
  'Get-DriverPackages': fc.record({ InstancePath: hostileText(1, 2048) }),
  'Get-GuestDisplayDevices': fc.record({ VMId: guid, Credential: credential }),
  'Get-DriverFileList': fc.record({ Folders: fc.array(hostAbsolute, { maxLength: 3 }), Files: fc.array(hostAbsolute, { maxLength: 3 }) }),
  'Open-GuestDriverStore': fc.record({ Target: target, LooseFiles: fc.array(guestRelative, { maxLength: 3 }) }),
  'Copy-DriverFilesToGuest': fc.record({
    Target: target,
    Files: fc.array(fc.record({ Source: hostAbsolute, Destination: guestRelative }), { minLength: 1, maxLength: 3 }),
  }),
  'Invoke-GuestFileOperations': fc.record({ Target: target, Steps: fc.array(fileStep, { minLength: 1, maxLength: 3 }) }),
  'Close-GuestDriverStore': fc.record({ Target: target }),
  'Set-DriverSyncRecord': fc.record({
    VMId: guid,
    Record: fc.option(
      syncRecord.map((r) => JSON.stringify(r)),
      { nil: null },
    ),
  }),
  'Get-ClusterNodes': fc.constant({}),
};

/** Stands for every sealed secret when arguments are compared: each sealing is random. */
const SEALED = 'gpupv-sealed-v1:0000000000000000:AAAA' as SealedSecret;

/** What the arguments look like on the wire: UInt64 values travel as digit strings, secrets sealed (as SEALED). */
function onTheWire(value: unknown): JsonValue {
  if (isSealedSecret(value)) return SEALED;
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(onTheWire);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, onTheWire(v)]));
  return value as JsonValue;
}

// ----- (a) and (b): through the simulated host ------------------------------------------------

describe('hostile input through every operation', function () {
  this.timeout(60_000);
  let host: SimulatedHost;
  let receivedFile: string;
  let received = 0;
  let callsSent = 0;
  const recordBefore = process.env.GPUPV_SIM_RECORD;

  before(async () => {
    await loadPowerShellParser();
    // Test-only: the simulator writes every call it decodes to received.jsonl (see src/simulator/main.ts).
    process.env.GPUPV_SIM_RECORD = '1';
    host = startSimulatedHost({ recordLines: true, callTimeoutMs: 10_000 });
    receivedFile = path.join(host.simDir, 'received.jsonl');
  });
  after(async () => {
    if (recordBefore === undefined) delete process.env.GPUPV_SIM_RECORD;
    else process.env.GPUPV_SIM_RECORD = recordBefore;
    await host.dispose();
  });

  /** The one call `operation` made arrive; the shell's key, asked for once before the first secret, aside. */
  function lastReceived(operation: OperationName): { operation: string; args: JsonValue } {
    const lines = fs.readFileSync(receivedFile, 'utf8').split('\n').filter(Boolean);
    const records = lines.slice(received).map((line) => parseLosslessJson(line) as { operation: string; args: JsonValue });
    received = lines.length;
    const calls = records.filter((record) => record.operation === operation || record.operation !== 'Get-SessionKey');
    assert.equal(calls.length, 1, 'the host received exactly one call');
    return calls[0]!;
  }

  it('covers every operation of the protocol', () => {
    assert.deepEqual(Object.keys(ARGUMENTS).sort(), Object.keys(OPERATIONS).sort());
  });

  for (const operation of Object.keys(ARGUMENTS) as OperationName[]) {
    it(`${operation}: what arrives at the host is exactly what was sent, in one line that is one command of literals`, async () => {
      const runs = operation === 'Get-HostFacts' || operation === 'Get-Inventory' ? 3 : RUNS_PER_OPERATION;
      await fc.assert(
        fc.asyncProperty(ARGUMENTS[operation] as fc.Arbitrary<CallArgs<OperationName>>, async (args) => {
          const sentBefore = host.sentLines.length;
          const result = await host.client.invoke(operation, args as CallArgs<typeof operation>);
          // Any answer is fine (unknown VM, unknown GPU, a refusal): the transport must be exact.
          assert.ok(
            result.ok || !['shell-crashed', 'shell-timeout', 'shell-stderr', 'protocol-invalid'].includes(result.error.id),
            `transport failed: ${result.ok ? '' : `${result.error.id} ${result.error.message}`}`,
          );
          assert.equal(host.sentLines.length, sentBefore + 1, 'one line per call');
          const line = host.sentLines[host.sentLines.length - 1]!;
          callsSent++;
          const expected = onTheWire(OPERATIONS[operation].args.parse(sealSecrets(args as Unsealed<unknown>, () => SEALED)));
          const sent = parseCall(line);
          assert.ok(sent, line.slice(0, 200));
          assert.equal(sent.operation, operation);
          assert.deepEqual(onTheWire(sent.args), expected, 'the line holds exactly the arguments given, each secret sealed');
          assert.doesNotMatch(line, /[\r\n]/);
          const check = checkSingleCommandLine(line);
          assert.deepEqual(check.problems, [], line.slice(0, 200));
          assert.equal(check.command?.name, 'Invoke-GpuPv');
          const record = lastReceived(operation);
          assert.equal(record.operation, operation);
          assert.deepEqual(record.args, sent.args, 'the host received exactly the arguments sent');
        }),
        { numRuns: runs, seed: SEED + operation.length },
      );
    });
  }

  it('refuses hostile text where the protocol expects an id, before anything is sent', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileText(1, 300).filter((t) => !/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(t)),
        async (text) => {
          const sentBefore = host.sentLines.length;
          const results = [
            await host.client.invoke('Start-Vm', { VMId: text }),
            await host.client.invoke('Remove-GpuPartitionAdapter', { VMId: '5b1e6a3c-2f4d-4e8a-9c7b-0d1e2f3a4b5c', AdapterId: text }),
          ];
          for (const result of results) assert.equal(!result.ok && result.error.id, 'invalid-argument');
          assert.equal(host.sentLines.length, sentBefore, 'nothing reached the host');
        },
      ),
      { numRuns: 30, seed: SEED },
    );
  });

  it('still answers normally after all of it', async () => {
    assert.ok(callsSent >= 8 * RUNS_PER_OPERATION, `calls sent: ${callsSent}`);
    const inventory = await host.client.inventory();
    assert.ok(inventory.ok);
    assert.equal(host.session.shellsStarted, 1, 'no call ever broke the shell');
  });
});

// ----- (c) the PowerShell preview of random actions ------------------------------------------

/**
 * As hostileText, without U+0000: tree-sitter-powershell stops reading at a NUL, so it could not
 * judge such a line (on the wire a NUL is inside base64 and checked above; Hyper-V never reports one).
 */
const previewText = (min: number, max: number): fc.Arbitrary<string> => hostileText(min, max).map((t) => t.split('\u0000').join('0'));
const vmRef = fc.record({ id: fc.oneof(guid, previewText(1, 300)), name: previewText(1, 1000) });
const gpuRef = fc.record({ instancePath: previewText(1, 1000), label: previewText(1, 300) });
const anyAction: fc.Arbitrary<GpuPvAction> = fc.oneof(
  fc.record({
    kind: fc.constant('assign-gpu' as const),
    vm: vmRef,
    gpu: fc.option(gpuRef, { nil: null }),
    sizes: fc.option(sizes, { nil: null }),
  }),
  fc.record({
    kind: fc.constant('resize-partition' as const),
    vm: vmRef,
    adapterId: fc.option(fc.oneof(adapterId, previewText(1, 300)), { nil: null }),
    sizes,
  }),
  fc.record({
    kind: fc.constant('remove-partition' as const),
    vm: vmRef,
    adapterId: fc.option(fc.oneof(adapterId, previewText(1, 300)), { nil: null }),
  }),
  fc.record({ kind: fc.constant('configure-vm' as const), vm: vmRef, settings }),
  fc.record({
    kind: fc.constant('set-partition-count' as const),
    gpu: gpuRef,
    count: fc.integer({ min: 1, max: 65535 }),
    windows10: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('start-vm' as const), vm: vmRef }),
  fc.record({ kind: fc.constant('stop-vm' as const), vm: vmRef, turnOff: fc.boolean() }),
  fc.record({ kind: fc.constant('discard-saved-state' as const), vm: vmRef }),
);

/** The strings an action may legitimately put into a literal, and the numbers. */
function literalValues(action: GpuPvAction): Set<string> {
  const values = new Set<string>();
  if ('vm' in action) values.add(action.vm.id);
  if ('gpu' in action && action.gpu) values.add(action.gpu.instancePath);
  if ('adapterId' in action && action.adapterId) values.add(action.adapterId);
  return values;
}

describe('hostile input in the PowerShell preview', function () {
  this.timeout(60_000);
  before(() => loadPowerShellParser());

  it('every random action previews as one statement per line whose literals decode back exactly', () => {
    fc.assert(
      fc.property(anyAction, (action) => {
        const lines = powershellPreview(action);
        const allowed = literalValues(action);
        let statements = 0;
        for (const line of lines) {
          if (line.startsWith('# ')) {
            assert.doesNotMatch(line, /[\r\n\u2028\u2029]/, 'a comment holds no line break');
            assert.deepEqual(listCommands(line), [], `a comment stays a comment: ${line.slice(0, 80)}`);
            continue;
          }
          statements++;
          // A line break may only sit inside a quoted literal (an id or a path holding one); the
          // parse below shows it stays there.
          assert.deepEqual(syntaxErrors(line), [], line.slice(0, 200));
          const commands = listCommands(line);
          assert.equal(commands.length, 1, `one command: ${line.slice(0, 200)}`);
          const command = commands[0]!;
          assert.deepEqual(command.positional, [], line.slice(0, 200));
          for (const parameter of command.parameters) {
            const value = parameter.value;
            if (!value || value.text.startsWith('$')) continue;
            assert.ok(value.literal, `-${parameter.name} is a literal: ${value.text.slice(0, 80)}`);
            if (value.literal.kind === 'verbatim') {
              const decoded = decodeVerbatimString(value.text);
              assert.equal(decoded, value.literal.value, 'the parser and the decoder agree');
              assert.ok(allowed.has(decoded!), `-${parameter.name} reads back as one of the action's values`);
            } else {
              assert.ok(['number', 'bareword'].includes(value.literal.kind), `-${parameter.name}: ${value.literal.kind}`);
            }
          }
        }
        // The whole preview, as pasted into a console: as many commands as statement lines.
        const whole = lines.join('\n');
        assert.deepEqual(syntaxErrors(whole), []);
        assert.equal(listCommands(whole).length, statements);
        // Every id, path and adapter id appears in some literal, exactly.
        const literals = new Set(
          lines.flatMap((l) =>
            l.startsWith('# ') ? [] : listCommands(l).flatMap((c) => c.parameters.map((p) => p.value?.literal?.value ?? '')),
          ),
        );
        for (const value of allowed) assert.ok(literals.has(value), `${JSON.stringify(value.slice(0, 60))} reaches a literal unchanged`);
        // UInt64 sizes keep every digit.
        const sizeValues = action.kind === 'assign-gpu' ? action.sizes : action.kind === 'resize-partition' ? action.sizes : null;
        for (const key of SIZE_KEYS)
          if (sizeValues?.[key] !== undefined) assert.ok(literals.has(sizeValues[key].toString()), `${key} keeps every digit`);
      }),
      { numRuns: 300, seed: SEED },
    );
  });
});

// ----- the remote connect line ------------------------------------------------------------------

describe("hostile input in a remote host's connect line", function () {
  this.timeout(60_000);
  before(async () => {
    await loadPowerShellParser();
  });

  const connect: fc.Arbitrary<Unsealed<ConnectArgs>> = fc.record(
    {
      Transport: fc.constantFrom('winrm' as const, 'ssh' as const),
      Address: hostileText(1, 254),
      Port: fc.integer({ min: 1, max: 65535 }),
      UseSsl: fc.boolean(),
      Authentication: fc.constantFrom('Negotiate' as const, 'Kerberos' as const, 'CredSSP' as const, 'Basic' as const),
      Credential: credential,
      UserName: hostileText(1, 256),
      KeyFilePath: hostileText(1, 1024),
      TimeoutMs: fc.integer({ min: 1000, max: 600_000 }),
    },
    { requiredKeys: ['Transport', 'Address', 'TimeoutMs'] },
  );

  it('random addresses, accounts and passwords: one line, one command of literals, the payload decodes to exactly what was sent, the password sealed and opening to exactly itself', () => {
    const shell = new SimulatedSessionKey();
    const key = sessionKeyOf(shell.publicKey());
    fc.assert(
      fc.property(connect, (args) => {
        const built = connectLine(args);
        assert.ok(built.ok);
        const sealed = typeof built.value === 'string' ? built.value : built.value(key);
        const line = typeof sealed === 'string' ? sealed : sealed.ok ? sealed.value : assert.fail(sealed.error.message);
        assert.doesNotMatch(line, /[\r\n]/);
        const check = checkSingleCommandLine(line);
        assert.deepEqual(check.problems, [], line.slice(0, 200));
        assert.equal(check.command?.name, 'Connect-GpuPvRemote');
        const sent = parseConnect(line)!.args;
        assert.deepEqual(onTheWire(sent), onTheWire(sealSecrets(args, () => SEALED)));
        const opened = shell.openAll<unknown>(sent);
        assert.ok('args' in opened, 'the shell opens the password');
        const password = (opened.args as { Credential?: { Password: string } }).Credential?.Password;
        const given = args.Credential?.Password;
        assert.equal(password, given && Secret.revealForSealing(given));
        // Nothing but the entry point and one base64 literal: the password can only be inside it, encoded.
        assert.match(line, /^Connect-GpuPvRemote -Payload '[A-Za-z0-9+/]*={0,2}'$/);
      }),
      { numRuns: 300, seed: SEED },
    );
  });
});
