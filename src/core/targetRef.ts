/**
 * What a command acts on, as plain data: a host, one of its VMs (maybe one partition adapter of
 * it) or one of its GPUs. Tree rows carry one as `ref`; the palette, the panel, tests and other
 * extensions pass one as an argument. Commands read both through `parseTargetRef`, never through
 * the class of a tree row.
 */
import { z } from 'zod/v4';

export type TargetRef =
  | { readonly kind: 'host'; readonly hostId: string }
  | { readonly kind: 'vm'; readonly hostId: string; readonly vmId: string; readonly adapterId?: string }
  | { readonly kind: 'gpu'; readonly hostId: string; readonly instancePath: string };

const text = z.string().min(1).max(4096);
const plainRef = z.object({ hostId: text, vmId: text.optional(), adapterId: text.optional(), instancePath: text.optional() });

/** A reference or a row that carries one (`{ ref }`); undefined for anything else, or a VM and a GPU at once. */
export function parseTargetRef(value: unknown): TargetRef | undefined {
  const carried = typeof value === 'object' && value !== null && 'ref' in value ? (value as { ref: unknown }).ref : value;
  const parsed = plainRef.safeParse(carried);
  if (!parsed.success) return undefined;
  const { hostId, vmId, adapterId, instancePath } = parsed.data;
  if (vmId !== undefined && instancePath !== undefined) return undefined;
  if (vmId !== undefined) return adapterId === undefined ? { kind: 'vm', hostId, vmId } : { kind: 'vm', hostId, vmId, adapterId };
  if (adapterId !== undefined) return undefined;
  if (instancePath !== undefined) return { kind: 'gpu', hostId, instancePath };
  return { kind: 'host', hostId };
}
