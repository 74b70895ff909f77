/**
 * The operations the extension can ask of a host, the shape of their arguments and of what the
 * PowerShell module (or the simulated host) answers. One table, used by the client to validate
 * both directions, by the simulator to dispatch, and by the static checks of the module.
 */
import { z } from 'zod/v4';
import { rawHostFacts, rawInventory, rawVm } from '../core/normalize/rawShapes';

const noArgs = z.object({}).strict();

export const OPERATIONS = {
  'Get-HostFacts': { args: noArgs, result: rawHostFacts },
  'Get-Inventory': { args: noArgs, result: rawInventory },
  /** One VM with its adapters: what a per-VM refresh needs (and what the bench compares against). */
  'Get-VmInventory': { args: z.object({ VMId: z.string().min(1) }).strict(), result: rawVm },
} as const;

export type OperationName = keyof typeof OPERATIONS;
export type OperationArgs<Op extends OperationName> = z.input<(typeof OPERATIONS)[Op]['args']>;
export type OperationResult<Op extends OperationName> = z.output<(typeof OPERATIONS)[Op]['result']>;

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(OPERATIONS, name);
}

/** The envelope every call answers with, before its result is validated against the operation. */
export const envelope = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({
      id: z.string().nullish(),
      message: z.string(),
      category: z.string().nullish(),
      fullyQualifiedErrorId: z.string().nullish(),
    }),
  }),
]);
export type Envelope = z.output<typeof envelope>;
