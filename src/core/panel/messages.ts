/**
 * The messages between the panel's page and the extension, one schema per direction, checked by
 * both sides: a message that does not match (malformed, unknown type, a command outside the
 * allow-list) is rejected and logged, and nothing runs.
 *
 *   page -> extension: ready (handshake), focus (show another GPU/VM/host), run (an allow-listed
 *                      command on the VM/GPU shown), refresh
 *   extension -> page: model (everything to draw), busy (a command is running)
 */
import { z } from 'zod/v4';
import { PANEL_COMMANDS } from './panelCommands';
import type { PanelModel } from './viewModel';

const id = z.string().min(1).max(200);
const instancePath = z.string().min(1).max(2048);

export const panelFocus = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('host') }).strict(),
  z.object({ kind: z.literal('gpu'), instancePath }).strict(),
  z.object({ kind: z.literal('vm'), vmId: id }).strict(),
]);

export const panelTarget = z.object({ hostId: id, focus: panelFocus }).strict();

export const pageMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }).strict(),
  z.object({ type: z.literal('focus'), focus: panelFocus }).strict(),
  z.object({ type: z.literal('refresh') }).strict(),
  z
    .object({
      type: z.literal('run'),
      command: z.enum(PANEL_COMMANDS),
      /** The VM or GPU of the panel's host the command acts on; absent for host commands. */
      vmId: id.optional(),
      instancePath: instancePath.optional(),
    })
    .strict(),
]);
export type PageMessage = z.output<typeof pageMessage>;

const status = z.enum(['pass', 'fail', 'unknown']);
const str = z.string();
const nstr = z.string().nullable();

const shareView = z.object({
  vmId: str,
  vmName: str,
  vmState: str,
  amount: nstr,
  amountText: str,
  percent: str,
  source: z.enum(['current', 'partition', 'optimal', 'max', 'min', 'unset']),
});
const resourceView = z.object({
  kind: z.enum(['VRAM', 'Encode', 'Decode', 'Compute']),
  total: z.string().regex(/^\d+$/),
  totalText: str,
  available: z.string().regex(/^\d+$/).nullable(),
  availableText: str,
  availablePercent: str,
  shares: z.array(shareView),
});
const gpuView = z.object({
  instancePath: str,
  name: str,
  kind: z.enum(['gpu-pv', 'sr-iov', 'unknown']),
  enforcement: str,
  units: str,
  availability: str,
  driverVersion: str,
  driverProvider: nstr,
  infName: nstr,
  partitionCount: z.number().int(),
  validPartitionCounts: z.array(z.number().int()),
  partitionsInUse: z.number().int(),
  resources: z.array(resourceView),
  holders: z.array(z.object({ vmId: str, vmName: str, vmState: str, adapterId: str })),
});
const diagnosisLine = z.object({ id: str, title: str, status, reason: str, fix: z.enum(PANEL_COMMANDS).nullable() });
const guestDevice = z.object({
  name: str,
  pnpDeviceId: str,
  status: str,
  statusText: str,
  healthy: z.boolean(),
  problemCode: z.number().int(),
  problemText: str,
  present: z.boolean(),
  service: nstr,
  virtualRender: z.boolean(),
  driverProvider: nstr,
  driverVersion: nstr,
  infName: nstr,
});
const command = z.enum(PANEL_COMMANDS);
const vmView = z.object({
  id: str,
  name: str,
  state: str,
  status: str,
  summary: str,
  actions: z.array(z.object({ command, primary: z.boolean() })),
  primary: command.nullable(),
  adapters: z.array(
    z.object({
      id: str,
      gpuName: str,
      instancePath: str,
      gpuPresent: z.boolean().nullable(),
      sizes: z.array(z.object({ kind: str, min: str, max: str, optimal: str })),
    }),
  ),
  settings: z.array(z.object({ id: str, setting: str, value: str, needed: str, status })),
  guest: z.object({
    kind: z.enum(['not-running', 'no-credentials', 'reading', 'failed', 'refused', 'read']),
    message: str,
    devices: z.array(guestDevice),
    driverStore: z.array(str),
  }),
  drivers: z.array(z.object({ where: str, driver: str, note: str })),
  checklist: z.array(diagnosisLine),
  counts: z.object({ pass: z.number(), fail: z.number(), unknown: z.number() }),
});

export const panelModelSchema = z.object({
  target: panelTarget,
  hostName: str,
  loading: z.boolean(),
  error: nstr,
  host: z.object({ computerName: str, os: str, rights: str, edition: str }).nullable(),
  nav: z.object({ gpus: z.array(z.object({ instancePath: str, name: str })), vms: z.array(z.object({ id: str, name: str, state: str })) }),
  gpus: z.array(gpuView),
  vm: vmView.nullable(),
  missing: nstr,
});

export const extensionMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('model'), model: panelModelSchema }).strict(),
  z.object({ type: z.literal('busy'), command: z.enum(PANEL_COMMANDS).nullable() }).strict(),
]);
export type ExtensionMessage = { type: 'model'; model: PanelModel } | { type: 'busy'; command: (typeof PANEL_COMMANDS)[number] | null };

export type Checked<T> = { ok: true; message: T } | { ok: false; problem: string };

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`)
    .join('; ');
}

/** Checks a message from the page; `problem` says why it was refused (for the log, never shown to the page). */
export function checkPageMessage(data: unknown): Checked<PageMessage> {
  const parsed = pageMessage.safeParse(data);
  return parsed.success ? { ok: true, message: parsed.data } : { ok: false, problem: describe(parsed.error) };
}

export function checkExtensionMessage(data: unknown): Checked<z.output<typeof extensionMessage>> {
  const parsed = extensionMessage.safeParse(data);
  return parsed.success ? { ok: true, message: parsed.data } : { ok: false, problem: describe(parsed.error) };
}

/** A short, safe description of a refused message for the log: its type if it has one, never its content. */
export function describeForLog(data: unknown): string {
  if (data === null || typeof data !== 'object') return typeof data;
  const type = (data as { type?: unknown }).type;
  return typeof type === 'string' ? `type ${JSON.stringify(type.slice(0, 40))}` : 'object without a type';
}
