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
import { id, instancePath, panelFocus, panelModelSchema, type PanelModel } from './panelModel';

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
