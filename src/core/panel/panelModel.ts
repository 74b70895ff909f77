/**
 * What the panel's page is given to draw, declared once: the schema the page checks every message
 * against, and (inferred from it) the types the extension builds the model with. Plain JSON: every
 * UInt64 is an exact digit string next to its formatted text.
 */
import { z } from 'zod/v4';
import { DIAGNOSIS_IDS } from '../diagnosis/diagnosisIds';
import { RESOURCE_KINDS } from '../model';
import { guestDisplayDevice } from '../normalize/guestDisplayDevice';
import { REQUIREMENT_IDS } from '../rules/requirementIds';
import { PANEL_COMMANDS } from './panelCommands';

/** Readonly all the way down: the model is computed once and only read afterwards. */
type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** A VM id or a host id, and a GPU's instance path, as the page may send them back. */
export const id = z.string().min(1).max(200);
export const instancePath = z.string().min(1).max(2048);
const str = z.string();
const nstr = z.string().nullable();
const digits = z.string().regex(/^\d+$/);
const status = z.enum(['pass', 'fail', 'unknown']);
const command = z.enum(PANEL_COMMANDS);
const resourceKind = z.enum(RESOURCE_KINDS);

export const panelFocus = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('host') }).strict(),
  z.object({ kind: z.literal('gpu'), instancePath }).strict(),
  z.object({ kind: z.literal('vm'), vmId: id }).strict(),
]);

/** What the panel remembers across a window reload (webview state) and what it is opened on. */
export const panelTarget = z.object({ hostId: id, focus: panelFocus }).strict();

const shareView = z.object({
  vmId: str,
  vmName: str,
  vmState: str,
  /** Exact digits, or null when the adapter leaves it to the driver. */
  amount: nstr,
  amountText: str,
  percent: str,
  /**
   * Where the number comes from: the running partition, an SR-IOV GPU's fixed partition (taken when
   * the VM starts), or the adapter's setting.
   */
  source: z.enum(['current', 'partition', 'optimal', 'max', 'min', 'unset']),
});

const resourceView = z.object({
  kind: resourceKind,
  total: digits,
  totalText: str,
  /** Exact digits; null where Hyper-V does not track it (GPU-PV placeholders). */
  available: digits.nullable(),
  availableText: str,
  availablePercent: str,
  shares: z.array(shareView),
});

const holderView = z.object({ vmId: str, vmName: str, vmState: str, adapterId: str });

const gpuView = z.object({
  instancePath: str,
  name: str,
  kind: z.enum(['gpu-pv', 'sr-iov', 'unknown']),
  /** Said plainly: are the numbers below real limits? */
  enforcement: str,
  /** What the numbers measure, and what "available" means on this kind of GPU. */
  units: str,
  availability: str,
  driverVersion: str,
  driverProvider: nstr,
  infName: nstr,
  partitionCount: z.number().int(),
  validPartitionCounts: z.array(z.number().int()),
  partitionsInUse: z.number().int(),
  resources: z.array(resourceView),
  holders: z.array(holderView),
});

const diagnosisLine = z.object({
  id: z.enum(DIAGNOSIS_IDS),
  title: str,
  status,
  reason: str,
  /** The command that fixes a failing line, or resolves an unknown one (e.g. guest credentials). */
  fix: command.nullable(),
});

const guestDeviceView = guestDisplayDevice.extend({
  statusText: str,
  /** Present and without a problem code: what the checklist's device line counts as working. */
  healthy: z.boolean(),
});

const settingRow = z.object({ id: z.enum(REQUIREMENT_IDS), setting: str, value: str, needed: str, status });

const adapterView = z.object({
  id: str,
  gpuName: str,
  instancePath: str,
  gpuPresent: z.boolean().nullable(),
  sizes: z.array(z.object({ kind: resourceKind, min: str, max: str, optimal: str })),
});

const guestView = z.object({
  kind: z.enum(['not-running', 'no-credentials', 'reading', 'failed', 'refused', 'read']),
  message: str,
  devices: z.array(guestDeviceView),
  driverStore: z.array(str),
});

const vmView = z.object({
  id: str,
  name: str,
  state: str,
  /** The tree's description of the VM: state, readiness, driver-sync mark. */
  status: str,
  summary: str,
  /** The toolbar's buttons; `primary` (at most one command) is also the primary button of a checklist line. */
  actions: z.array(z.object({ command, primary: z.boolean() })),
  primary: command.nullable(),
  adapters: z.array(adapterView),
  settings: z.array(settingRow),
  guest: guestView,
  /** What it means against the host's driver, row by row. */
  drivers: z.array(z.object({ where: str, driver: str, note: str })),
  checklist: z.array(diagnosisLine),
  counts: z.object({ pass: z.number(), fail: z.number(), unknown: z.number() }),
});

const hostView = z.object({ computerName: str, os: str, rights: str, edition: str });

export const panelModelSchema = z.object({
  target: panelTarget,
  hostName: str,
  loading: z.boolean(),
  error: nstr,
  host: hostView.nullable(),
  nav: z.object({
    gpus: z.array(z.object({ instancePath: str, name: str })),
    vms: z.array(z.object({ id: str, name: str, state: str })),
  }),
  /** Host focus: every GPU; GPU focus: that GPU. */
  gpus: z.array(gpuView),
  vm: vmView.nullable(),
  /** Set when the focused GPU or VM is gone from the inventory. */
  missing: nstr,
});

export type PanelFocus = DeepReadonly<z.output<typeof panelFocus>>;
export type PanelTarget = DeepReadonly<z.output<typeof panelTarget>>;
export type PanelModel = DeepReadonly<z.output<typeof panelModelSchema>>;
export type ShareView = DeepReadonly<z.output<typeof shareView>>;
export type ResourceView = DeepReadonly<z.output<typeof resourceView>>;
export type HolderView = DeepReadonly<z.output<typeof holderView>>;
export type GpuView = DeepReadonly<z.output<typeof gpuView>>;
export type SettingRow = DeepReadonly<z.output<typeof settingRow>>;
export type AdapterView = DeepReadonly<z.output<typeof adapterView>>;
export type GuestDeviceView = DeepReadonly<z.output<typeof guestDeviceView>>;
export type GuestView = DeepReadonly<z.output<typeof guestView>>;
export type VmView = DeepReadonly<z.output<typeof vmView>>;
export type HostView = DeepReadonly<z.output<typeof hostView>>;
