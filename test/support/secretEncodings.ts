/**
 * Every form a secret could take in what a shell, a log or a transcript recorded: the encodings a
 * line or a file could carry it in, derived from the secret, and a search of bytes for all of them.
 * The text forms are searched as UTF-8, UTF-16LE and UTF-16BE bytes; base64 in its three alignments
 * (the secret may start at any byte of the encoded data), for UTF-8 and UTF-16 bytes.
 */

export interface Encoding {
  /** What the form is, e.g. `base64 (UTF-16LE, offset 2)`. */
  readonly name: string;
  readonly bytes: Buffer;
}

/** Forms shorter than this would be found by chance: a test secret is much longer. */
const MIN_NEEDLE_BYTES = 8;

const JSON_SHORT: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const XML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

const codeUnit = (c: string, upper: boolean): string => {
  const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
  return `\\u${upper ? hex.toUpperCase() : hex}`;
};
const bytesOf = (text: string): number[] => [...Buffer.from(text, 'utf8')];
const hex = (bytes: Iterable<number>, separator = '', upper = false): string =>
  [...bytes]
    .map((b) => b.toString(16).padStart(2, '0'))
    .map((h) => (upper ? h.toUpperCase() : h))
    .join(separator);

/** Text forms: what quoting, escaping and number formatting make of the secret. */
function textForms(secret: string): Record<string, string> {
  const utf8 = bytesOf(secret);
  const units = [...secret].flatMap((c) => [...Array(c.length).keys()].map((i) => c.charCodeAt(i)));
  return {
    plain: secret,
    'Unicode NFC': secret.normalize('NFC'),
    'Unicode NFD': secret.normalize('NFD'),
    'lower case': secret.toLowerCase(),
    'upper case': secret.toUpperCase(),
    reversed: [...secret].reverse().join(''),
    ROT13: secret.replace(/[a-z]/gi, (c) => String.fromCharCode(((c.toLowerCase().charCodeAt(0) - 97 + 13) % 26) + (c <= 'Z' ? 65 : 97))),
    'JSON string': JSON.stringify(secret).slice(1, -1),
    'JSON, non-ASCII as \\u': [...secret].map((c) => JSON_SHORT[c] ?? (c.charCodeAt(0) > 126 || c < ' ' ? codeUnit(c, false) : c)).join(''),
    'JSON, all but letters and digits as \\u (ConvertTo-Json, upper hex)': [...secret]
      .map((c) => (/[A-Za-z0-9]/.test(c) ? c : [...c].map((u) => codeUnit(u, true)).join('')))
      .join(''),
    'JSON, all but letters and digits as \\u (lower hex)': [...secret]
      .map((c) => (/[A-Za-z0-9]/.test(c) ? c : [...c].map((u) => codeUnit(u, false)).join('')))
      .join(''),
    'PowerShell single-quoted': secret.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&'),
    'PowerShell double-quoted': secret.replace(/[`"$\u201c\u201d\u201e]/g, '`$&'),
    'XML / CLIXML': secret.replace(/[&<>"']/g, (c) => XML[c]!),
    'HTML numeric entities': [...secret].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `&#${c.codePointAt(0)};`)).join(''),
    'URL (encodeURIComponent)': encodeURIComponent(secret),
    'URL (encodeURI)': encodeURI(secret),
    'URL form (spaces as +)': encodeURIComponent(secret).replace(/%20/g, '+'),
    'URL, lower-case hex': encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (p) => p.toLowerCase()),
    'percent-encoding of every byte': utf8.map((b) => `%${hex([b], '', true)}`).join(''),
    'quoted-printable': utf8.map((b) => (b > 32 && b < 127 && b !== 61 ? String.fromCharCode(b) : `=${hex([b], '', true)}`)).join(''),
    hex: hex(utf8),
    'hex, upper case': hex(utf8, '', true),
    'hex with dashes (BitConverter)': hex(utf8, '-', true),
    'hex with spaces': hex(utf8, ' '),
    '0x bytes': utf8.map((b) => `0x${hex([b])}`).join(', '),
    'hex of UTF-16LE': hex(Buffer.from(secret, 'utf16le')),
    'hex of UTF-16LE, upper case': hex(Buffer.from(secret, 'utf16le'), '', true),
    'decimal bytes (module logging of a byte[])': utf8.join(', '),
    'decimal bytes, comma': utf8.join(','),
    'decimal bytes, space': utf8.join(' '),
    'characters (module logging of a char[])': [...secret].join(', '),
    'UTF-16 code units, decimal': units.join(', '),
  };
}

/** The base64 characters that depend on the secret's bytes only, when they start `offset` bytes into the data. */
function base64Core(bytes: Buffer, offset: number, alphabet: 'base64' | 'base64url'): string {
  const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString(alphabet);
  const first = Math.ceil((8 * offset) / 6);
  const end = Math.floor((8 * (offset + bytes.length)) / 6);
  return encoded.slice(first, end);
}

export function encodingsOf(secret: string): Encoding[] {
  const forms: Encoding[] = [];
  for (const [name, text] of Object.entries(textForms(secret))) {
    forms.push({ name, bytes: Buffer.from(text, 'utf8') });
    forms.push({ name: `${name} (UTF-16LE)`, bytes: Buffer.from(text, 'utf16le') });
    forms.push({ name: `${name} (UTF-16BE)`, bytes: Buffer.from(text, 'utf16le').swap16() });
  }
  // What a payload, an -EncodedCommand or a data: URL would hold: base64 of the secret as JSON,
  // PowerShell or XML would have written it, in UTF-8 or UTF-16, starting at any byte.
  const text = textForms(secret);
  const raw: Record<string, Buffer> = { latin1: Buffer.from(secret, 'latin1') };
  for (const name of ['plain', 'JSON string', 'JSON, non-ASCII as \\u', 'PowerShell single-quoted', 'XML / CLIXML']) {
    raw[`${name}, UTF-8`] = Buffer.from(text[name]!, 'utf8');
    raw[`${name}, UTF-16LE`] = Buffer.from(text[name]!, 'utf16le');
    raw[`${name}, UTF-16BE`] = Buffer.from(text[name]!, 'utf16le').swap16();
  }
  for (const [name, bytes] of Object.entries(raw)) {
    for (const offset of [0, 1, 2]) {
      for (const alphabet of ['base64', 'base64url'] as const) {
        const core = base64Core(bytes, offset, alphabet);
        forms.push({ name: `${alphabet} (${name}, offset ${offset})`, bytes: Buffer.from(core, 'utf8') });
        forms.push({ name: `${alphabet} (${name}, offset ${offset}) (UTF-16LE)`, bytes: Buffer.from(core, 'utf16le') });
      }
    }
  }
  forms.push({ name: 'latin1 bytes', bytes: raw.latin1! });
  const unique = new Map<string, Encoding>();
  for (const form of forms)
    if (form.bytes.length >= MIN_NEEDLE_BYTES && !unique.has(form.bytes.toString('hex'))) unique.set(form.bytes.toString('hex'), form);
  return [...unique.values()];
}

/** The names of the forms of `secret` found in `haystack`; empty when none is there. */
export function findSecret(haystack: Buffer | string, secret: string, encodings: readonly Encoding[] = encodingsOf(secret)): string[] {
  const bytes = typeof haystack === 'string' ? Buffer.from(haystack, 'utf8') : haystack;
  return encodings.filter((form) => bytes.includes(form.bytes)).map((form) => form.name);
}

/** Searches several recordings for several secrets; answers `where: form` for each find. */
export function findSecrets(recordings: ReadonlyMap<string, Buffer | string>, secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const secret of secrets) {
    const encodings = encodingsOf(secret);
    for (const [where, haystack] of recordings) for (const form of findSecret(haystack, secret, encodings)) found.push(`${where}: ${form}`);
  }
  return found;
}
