/**
 * The one line a call prints: base64 of the envelope's JSON as ConvertTo-Json -Compress writes it
 * in the host's edition. UInt64 values stay exact in both.
 */
import { stringifyLosslessJson } from '../../core/json/losslessJson';
import type { Envelope } from '../../host/protocol';
import { encodeReply } from '../../host/wire';
import type { PsEdition } from './psValue';

/** Windows PowerShell 5.1 (JavaScriptSerializer) escapes these four inside strings; PowerShell 7 does not. */
const ESCAPED_BY_DESKTOP: Record<string, string> = { '&': '\\u0026', '<': '\\u003c', '>': '\\u003e', "'": '\\u0027' };

export function envelopeJson(envelope: Envelope, edition: PsEdition): string {
  const json = stringifyLosslessJson(envelope);
  // These characters can only occur inside JSON strings, so escaping them in the text is exact.
  return edition === 'Desktop' ? json.replace(/[&<>']/g, (ch) => ESCAPED_BY_DESKTOP[ch]!) : json;
}

export function encodeEnvelope(envelope: Envelope, edition: PsEdition): string {
  if (edition === 'Core') return encodeReply(envelope);
  return Buffer.from(envelopeJson(envelope, edition), 'utf8').toString('base64');
}
