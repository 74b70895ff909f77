/**
 * Every kind of GpuPvAction, with each optional parameter present and absent, over hostile text and
 * UInt64 edges: the inputs of the preview checks (preview.test.ts) and of the module's
 * preview-parity check (module.test.ts).
 */
import { SIZE_KEYS, type GpuPvAction, type PartitionSizes, type VmSettingsChange } from '../../../src/core/actions/gpuPvAction';

export const UINT64_EDGES: readonly bigint[] = [0n, (1n << 53n) + 1n, (1n << 64n) - 1n];
const UINT32_EDGES: readonly bigint[] = [0n, 1n << 30n, (1n << 32n) - 1n];

/** Text that breaks naive quoting: every quote PowerShell knows, code, separators, line breaks, scripts, length. */
export const HOSTILE_TEXT: readonly string[] = [
  "it's",
  "'",
  "''",
  'say "hi" and ""',
  '\u2018left\u2019 \u201alow\u201b',
  '\u2018',
  '\u2019',
  '\u201a',
  '\u201b',
  "'\u2019\u2018\u201a\u201b'",
  "'; Stop-Computer -Force; '",
  '\u2019; Remove-Item -Recurse C:\\; \u2018',
  '$(Stop-Computer)',
  '${env:USERNAME} $env:PATH @splat $vm',
  '`n`r`0 backtick` at end`',
  'a;b|c&d&&e||f',
  '> out.txt 2>&1',
  'line1\nline2',
  'cr\ronly',
  'crlf\r\nend\n',
  '# not a comment <# nor this #>',
  "@' here '@",
  '-Force -Name other',
  '--% stop parsing',
  'caf\u00e9 \u4e2d\u6587 \ud83d\ude00 \u00a0\u200b\ufeff',
  '\u05e2\u05d1\u05e8\u05d9\u05ea \u0627\u0644\u0639\u0631\u0628\u064a\u0629 \u202eevil\u202c \u200f',
  '\u201cdouble typographic\u201d \u201e',
  '\u2013Name \u2014Force',
  '\\\\?\\PCI#VEN_10DE&DEV_2504&SUBSYS_153610DE&REV_A1#4&1c5d7d4&0&0009#{064092b3-625e-43bf-9eb5-dc845897dd59}\\GPUPARAV',
  'Microsoft:5B1E6A3C-2F4D-4E8A-9C7B-0D1E2F3A4B5C\\A1B2C3D4-E5F6-4789-8ABC-DEF012345678',
  '5b1e6a3c-2f4d-4e8a-9c7b-0d1e2f3a4b5c',
  'x'.repeat(1000),
  "'".repeat(1000),
  "a'\u2018$(`;|&\n\r\u202e".repeat(100),
];

export const QUOTES = /['\u2018\u2019\u201a\u201b]/;

/** All twelve sizes, the three edges in turn. */
function allSizes(): PartitionSizes {
  const all: Partial<Record<(typeof SIZE_KEYS)[number], bigint>> = {};
  SIZE_KEYS.forEach((key, i) => (all[key] = UINT64_EDGES[i % UINT64_EDGES.length]!));
  return all;
}

/** No sizes, an empty set, all twelve, and each one alone at each edge. */
function everySizeVariant(): (PartitionSizes | null)[] {
  const singles = SIZE_KEYS.flatMap((key) => UINT64_EDGES.map((value): PartitionSizes => ({ [key]: value })));
  return [null, {}, allSizes(), ...singles];
}

function settingVariants(): VmSettingsChange[] {
  const variants: VmSettingsChange[] = [];
  for (const value of [true, false]) variants.push({ GuestControlledCacheTypes: value }, { DynamicMemoryEnabled: value });
  for (const value of UINT32_EDGES) variants.push({ LowMemoryMappedIoSpace: value });
  for (const value of UINT64_EDGES) variants.push({ HighMemoryMappedIoSpace: value });
  for (const value of ['Disabled', 'Production', 'ProductionOnly', 'Standard'] as const) variants.push({ CheckpointType: value });
  for (const value of ['TurnOff', 'Save', 'ShutDown'] as const) variants.push({ AutomaticStopAction: value });
  variants.push({
    GuestControlledCacheTypes: true,
    LowMemoryMappedIoSpace: UINT32_EDGES[2]!,
    HighMemoryMappedIoSpace: UINT64_EDGES[2]!,
    CheckpointType: 'Disabled',
    AutomaticStopAction: 'ShutDown',
    DynamicMemoryEnabled: false,
  });
  variants.push({ DynamicMemoryEnabled: false, AutomaticStopAction: 'ShutDown' });
  return variants;
}

/**
 * Every action kind with every optional part present and absent, for one hostile text used as VM
 * id and name, GPU instance path and label, and adapter id. Sizes: none, or all twelve; with
 * `everySize`, also an empty set and each size alone at each UInt64 edge.
 */
export function actionsFor(text: string, everySize = false): GpuPvAction[] {
  const vm = { id: text, name: text };
  const gpu = { instancePath: text, label: text };
  const actions: GpuPvAction[] = [];
  for (const sizes of everySize ? everySizeVariant() : [null, allSizes()]) {
    for (const chosen of [null, gpu]) actions.push({ kind: 'assign-gpu', vm, gpu: chosen, sizes });
    if (sizes) for (const adapterId of [null, text]) actions.push({ kind: 'resize-partition', vm, adapterId, sizes });
  }
  for (const adapterId of [null, text]) actions.push({ kind: 'remove-partition', vm, adapterId });
  for (const settings of settingVariants()) actions.push({ kind: 'configure-vm', vm, settings });
  for (const windows10 of [false, true])
    for (const count of [1, 32, 65535]) actions.push({ kind: 'set-partition-count', gpu, count, windows10 });
  actions.push({ kind: 'start-vm', vm });
  for (const turnOff of [false, true]) actions.push({ kind: 'stop-vm', vm, turnOff });
  actions.push({ kind: 'discard-saved-state', vm });
  return actions;
}

/** Every action of every kind once, with plain values: what the module's handlers must cover. */
export function everyActionShape(): GpuPvAction[] {
  return actionsFor('5b1e6a3c-2f4d-4e8a-9c7b-0d1e2f3a4b5c', true);
}

/** Hostile text with the common size sets, and plain text with every size variant. */
export function previewCases(): GpuPvAction[] {
  return [...HOSTILE_TEXT.flatMap((text) => actionsFor(text)), ...everyActionShape()];
}
