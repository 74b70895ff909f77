/**
 * JSON that keeps Hyper-V's UInt64 values exact.
 *
 * `JSON.parse` turns 18446744073709551615 into 18446744073709552000. Hyper-V reports encode totals
 * of 2^64-1 and halves of them, so every integer literal outside the safe range is parsed as a
 * `bigint`; everything else is what `JSON.parse` would return.
 */

export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
    this.name = 'JsonSyntaxError';
  }
}

const INTEGER = /^-?(?:0|[1-9]\d*)$/;
/** Sticky: matches at `lastIndex` only, without slicing the text for every number. */
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export function parseLosslessJson(text: string): JsonValue {
  const parser = new Parser(text);
  const value = parser.parseDocument();
  return value;
}

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parseDocument(): JsonValue {
    // Windows PowerShell may emit a UTF-8 BOM when the output encoding is UTF8.
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.skipWhitespace();
    const value = this.parseValue(0);
    this.skipWhitespace();
    if (this.pos !== this.text.length) this.fail('unexpected trailing characters');
    return value;
  }

  private parseValue(depth: number): JsonValue {
    if (depth > 64) this.fail('nesting too deep');
    const ch = this.text[this.pos];
    switch (ch) {
      case '{':
        return this.parseObject(depth);
      case '[':
        return this.parseArray(depth);
      case '"':
        return this.parseString();
      case 't':
        return this.parseLiteral('true', true);
      case 'f':
        return this.parseLiteral('false', false);
      case 'n':
        return this.parseLiteral('null', null);
      default:
        if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return this.parseNumber();
        return this.fail(ch === undefined ? 'unexpected end of input' : `unexpected character ${JSON.stringify(ch)}`);
    }
  }

  private parseObject(depth: number): JsonValue {
    const result: { [key: string]: JsonValue } = {};
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail('expected a property name');
      const key = this.parseString();
      this.skipWhitespace();
      this.expect(':');
      this.skipWhitespace();
      // defineProperty: a key named "__proto__" must stay data, not change the prototype.
      Object.defineProperty(result, key, { value: this.parseValue(depth + 1), enumerable: true, writable: true, configurable: true });
      this.skipWhitespace();
      if (this.text[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect('}');
      return result;
    }
  }

  private parseArray(depth: number): JsonValue {
    const result: JsonValue[] = [];
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      result.push(this.parseValue(depth + 1));
      this.skipWhitespace();
      if (this.text[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect(']');
      return result;
    }
  }

  private parseString(): string {
    const start = this.pos;
    let escaped = false;
    this.pos++;
    for (;;) {
      const ch = this.text.charCodeAt(this.pos);
      if (Number.isNaN(ch)) this.fail('unterminated string');
      if (ch === 0x22) break;
      if (ch === 0x5c) {
        escaped = true;
        this.skipEscape();
        continue;
      }
      if (ch < 0x20) this.fail('control character in string');
      this.pos++;
    }
    this.pos++;
    if (!escaped) return this.text.slice(start + 1, this.pos - 1);
    // The slice is a valid JSON string literal by now, so the built-in decoder handles escapes.
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  /** Checks one escape sequence, so a bad one fails here with its position, not in JSON.parse below. */
  private skipEscape(): void {
    const next = this.text[this.pos + 1];
    if (next === undefined) this.fail('unterminated string');
    if (next === 'u') {
      const hex = this.text.slice(this.pos + 2, this.pos + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex))
        this.fail(this.pos + 6 > this.text.length && /^[0-9a-fA-F]*$/.test(hex) ? 'unterminated string' : 'invalid \\u escape in string');
      this.pos += 6;
    } else if ('"\\/bfnrt'.includes(next)) {
      this.pos += 2;
    } else {
      this.fail('invalid escape sequence in string');
    }
  }

  private parseNumber(): number | bigint {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) return this.fail('malformed number');
    const literal = match[0];
    this.pos += literal.length;
    if (INTEGER.test(literal)) {
      const asNumber = Number(literal);
      return Number.isSafeInteger(asNumber) ? asNumber : BigInt(literal);
    }
    return Number(literal);
  }

  private parseLiteral<T extends JsonValue>(word: string, value: T): T {
    if (this.text.startsWith(word, this.pos)) {
      this.pos += word.length;
      return value;
    }
    return this.fail(`unexpected token`);
  }

  private expect(ch: string): void {
    if (this.text[this.pos] !== ch) this.fail(`expected ${JSON.stringify(ch)}`);
    this.pos++;
  }

  private skipWhitespace(): void {
    while (this.pos < this.text.length) {
      const ch = this.text.charCodeAt(this.pos);
      if (ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09) this.pos++;
      else break;
    }
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(message, this.pos);
  }
}

/** JSON text with `bigint` values written as plain integer literals (the inverse of the parser). */
export function stringifyLosslessJson(value: unknown, indent?: number): string {
  // A fresh nonce per call, so a string that happens to look like the marker stays a string.
  const nonce = Math.random().toString(36).slice(2, 12);
  const marker = `\u0000bigint:${nonce}:`;
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${marker}${v.toString()}` : v), indent);
  return text.replace(new RegExp(`"\\\\u0000bigint:${nonce}:(-?\\d+)"`, 'g'), '$1');
}
