/** Identifiers the way Hyper-V writes them, and deterministic GUIDs for scenarios. */
import { createHash } from 'node:crypto';

/** A stable GUID-shaped id from a seed (lower case), so generated scenarios are reproducible. */
export function guidFrom(seed: string): string {
  const hex = createHash('sha1').update(seed).digest('hex');
  // Mark it as a name-based (version 5) UUID with the RFC 4122 variant, like a real one.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Get-VMGpuPartitionAdapter's `Id`: `Microsoft:<VMID>\<GUID>`, both upper case. */
export function adapterIdFor(vmId: string, adapterGuid: string): string {
  return `Microsoft:${vmId.toUpperCase()}\\${adapterGuid.toUpperCase()}`;
}

/** The GUID after the backslash: what Hyper-V calls the partition's "Instance ID" in its errors. */
export function adapterInstanceGuid(adapterId: string): string {
  return adapterId.slice(adapterId.lastIndexOf('\\') + 1);
}
