/**
 * One line per call, both ways base64 of UTF-8 JSON: no quoting, no injection, no console code
 * page problems (Windows PowerShell 5.1 reads and writes the OEM code page).
 *
 *   -> Invoke-GpuPv -Operation 'Get-Inventory' -Payload 'e30='
 *   <- eyJvayI6dHJ1ZSwicmVzdWx0Ijp7Li4ufX0=
 */
import { parseLosslessJson, stringifyLosslessJson, type JsonValue } from '../core/json/losslessJson';
import { fail, ok, type Result } from '../core/errors';
import { connectArgsSchema, envelope, isOperationName, type ConnectArgs, type Envelope, type OperationName } from './protocol';

export const ENTRY_POINT = 'Invoke-GpuPv';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Arguments travel as JSON; bigints become digit strings so 5.1's ConvertFrom-Json cannot round them. */
export function encodePayload(args: unknown): string {
  const json = JSON.stringify(args ?? {}, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return Buffer.from(json, 'utf8').toString('base64');
}

export function formatCall(operation: OperationName, args: unknown): string {
  if (!isOperationName(operation)) throw new Error(`unknown operation ${String(operation)}`);
  return `${ENTRY_POINT} -Operation '${operation}' -Payload '${encodePayload(args)}'`;
}

export interface ParsedCall {
  readonly operation: string;
  readonly args: JsonValue;
}

const CALL_LINE = /^Invoke-GpuPv -Operation '([A-Za-z-]+)' -Payload '([A-Za-z0-9+/]*={0,2})'$/;

/** The inverse of formatCall, for the simulated host: null when the line is not one of our calls. */
export function parseCall(line: string): ParsedCall | null {
  const match = CALL_LINE.exec(line.trim());
  if (!match) return null;
  return { operation: match[1]!, args: parseLosslessJson(Buffer.from(match[2]!, 'base64').toString('utf8')) };
}

export function encodeReply(reply: Envelope | JsonValue): string {
  return Buffer.from(stringifyLosslessJson(reply), 'utf8').toString('base64');
}

/** Decodes what the shell printed for one call into an envelope, or a protocol error saying what arrived. */
export function decodeReply(stdout: string): Result<Envelope> {
  const text = stdout.trim();
  if (text === '') return fail('protocol-invalid', 'The host answered nothing.');
  if (!BASE64.test(text))
    return fail('protocol-invalid', 'The host answered something that is not a reply of the GPU-PV module.', preview(text));
  let parsed: JsonValue;
  try {
    parsed = parseLosslessJson(Buffer.from(text, 'base64').toString('utf8'));
  } catch (error) {
    return fail(
      'protocol-invalid',
      'The host’s reply is incomplete or not JSON.',
      `${(error as Error).message}; reply starts ${preview(text)}`,
    );
  }
  const checked = envelope.safeParse(parsed);
  if (!checked.success)
    return fail(
      'protocol-invalid',
      'The host’s reply has an unexpected shape.',
      checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  return ok(checked.data);
}

function preview(text: string): string {
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);
}

/**
 * The first line every session sends: load our module (which imports Hyper-V once). The path travels
 * as base64 of UTF-8 and is decoded by PowerShell, so the line is ASCII like every other: Windows
 * PowerShell reads redirected stdin in the console's OEM code page, which would garble a profile
 * folder named José or 日本.
 */
export function formatImportModule(modulePath: string): string {
  // Windows paths never hold control characters; one would be a bug upstream.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u001f]/.test(modulePath)) throw new RangeError('module path contains control characters');
  const encoded = Buffer.from(modulePath, 'utf8').toString('base64');
  return `Import-Module -Name ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${encoded}'))) -DisableNameChecking`;
}

const IMPORT_LINE =
  /^Import-Module -Name \(\[Text\.Encoding\]::UTF8\.GetString\(\[Convert\]::FromBase64String\('([A-Za-z0-9+/]*={0,2})'\)\)\) -DisableNameChecking$/;

/** The inverse of formatImportModule, for the simulated host. */
export function parseImportModule(line: string): string | null {
  const match = IMPORT_LINE.exec(line.trim());
  return match ? Buffer.from(match[1]!, 'base64').toString('utf8') : null;
}

export const CONNECT_ENTRY_POINT = 'Connect-GpuPvRemote';

/** The line that connects a shell to its remote host; answered with one envelope like a call. */
export function formatConnect(args: ConnectArgs): string {
  return `${CONNECT_ENTRY_POINT} -Payload '${encodePayload(connectArgsSchema.parse(args))}'`;
}

const CONNECT_LINE = /^Connect-GpuPvRemote -Payload '([A-Za-z0-9+/]*={0,2})'$/;

/** The inverse of formatConnect, for the simulated host: null when the line is not a connect line. */
export function parseConnect(line: string): { readonly args: JsonValue } | null {
  const match = CONNECT_LINE.exec(line.trim());
  return match ? { args: parseLosslessJson(Buffer.from(match[1]!, 'base64').toString('utf8')) } : null;
}
