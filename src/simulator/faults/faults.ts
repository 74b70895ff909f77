/**
 * Faults a test can inject into the simulated host, through `$GPUPV_SIM_DIR/faults.json`: an array
 * the host reads before each call. The first fault matching the call's operation is consumed
 * (`times` counts down, the file is rewritten atomically) and decides how the call misbehaves.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod/v4';
import { parseLosslessJson } from '../../core/json/losslessJson';
import { formatIssues } from '../hyperv/state';
import { isCatalogId } from '../hyperv/texts';
import { writeFileAtomic } from '../persistence/atomicWrite';

export const FAULTS_FILE = 'faults.json';

export const FAULT_KINDS = [
  /** Answer correctly, `ms` later. */
  'delay',
  /** Exit with code 1 in the middle of the call, answering nothing. */
  'crash',
  /** Never answer, stay alive. */
  'hang',
  /** Answer ok:false with a Hyper-V text (`message`, or the catalogue's text for `catalogId`). */
  'error',
  /** Print a line that is not base64 (`message`, or what a stray CLIXML progress record looks like). */
  'garbage',
  /** Print only the first half of the reply. */
  'half-envelope',
  /** Write a line to stderr (`message`), then answer correctly. */
  'stderr',
  /** Forget the session key before the call, as a module loaded again would: a secret sealed to it is refused. */
  'new-key',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultSchema = z
  .object({
    /** An operation name, or '*' / absent for any call. */
    operation: z.string().min(1).optional(),
    kind: z.enum(FAULT_KINDS),
    ms: z.number().int().nonnegative().optional(),
    message: z.string().optional(),
    catalogId: z.string().refine(isCatalogId, 'not an id of errors.catalog.json').optional(),
    /** With 'crash': first do this many files or steps of a copy or file-operations call, then die (a kill mid-copy). */
    afterItems: z.number().int().positive().optional(),
    /** How many calls it affects; 1 when absent. */
    times: z.number().int().positive().optional(),
  })
  .strict();
export type Fault = z.input<typeof faultSchema>;

const faultListSchema = z.array(faultSchema);

export class FaultFileError extends Error {
  override readonly name = 'FaultFileError';
}

export function faultsPath(dir: string): string {
  return join(dir, FAULTS_FILE);
}

/** Replaces the directory's faults (an empty list removes the file). */
export function writeFaults(dir: string, faults: readonly Fault[]): void {
  const checked = faultListSchema.safeParse(faults);
  if (!checked.success) throw new FaultFileError(`Invalid faults: ${formatIssues(checked.error)}`);
  if (checked.data.length === 0) {
    rmSync(faultsPath(dir), { force: true });
    return;
  }
  writeFileAtomic(faultsPath(dir), `${JSON.stringify(checked.data, null, 2)}\n`);
}

export function readFaults(dir: string): Fault[] {
  const file = faultsPath(dir);
  if (!existsSync(file)) return [];
  let raw: unknown;
  try {
    raw = parseLosslessJson(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new FaultFileError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const checked = faultListSchema.safeParse(raw);
  if (!checked.success) throw new FaultFileError(`${file} is invalid: ${formatIssues(checked.error)}`);
  return checked.data;
}

function matches(fault: Fault, operation: string): boolean {
  return fault.operation === undefined || fault.operation === '*' || fault.operation === operation;
}

/** Consumes the first fault for this operation, or returns null when none applies. */
export function takeFault(dir: string, operation: string): Fault | null {
  const faults = readFaults(dir);
  const index = faults.findIndex((fault) => matches(fault, operation));
  if (index < 0) return null;
  const fault = faults[index]!;
  const remaining = (fault.times ?? 1) - 1;
  const rest = remaining > 0 ? faults.map((f, i) => (i === index ? { ...f, times: remaining } : f)) : faults.filter((_, i) => i !== index);
  writeFaults(dir, rest);
  return fault;
}
