/**
 * Text in the layout Windows PowerShell 5.1's ConvertTo-Json prints: CRLF, 4-space steps with
 * nested containers indented to the column of their opening bracket, `"key":  value` with two
 * spaces, and `&`, `<`, `>`, `'` escaped as \u0026-style sequences. bigints are written exactly.
 */
const ESCAPES: Record<string, string> = { '&': '\\u0026', '<': '\\u003c', '>': '\\u003e', "'": '\\u0027' };

function str(s: string): string {
  return JSON.stringify(s).replace(/[&<>']/g, (c) => ESCAPES[c]!);
}

function write(value: unknown, column: number): string {
  if (value === null) return 'null';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return str(value);
  if (typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const inner = ' '.repeat(column + 4);
  const close = ' '.repeat(column);
  if (Array.isArray(value)) {
    if (value.length === 0) return `[\r\n\r\n${close}]`;
    return `[\r\n${value.map((v) => inner + write(v, column + 4)).join(',\r\n')}\r\n${close}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => {
      const prefix = `${inner}${str(k)}:  `;
      return prefix + write(v, prefix.length);
    });
  return `{\r\n${entries.join(',\r\n')}\r\n${close}}`;
}

export function ps51Json(value: unknown): string {
  return write(value, 0);
}
