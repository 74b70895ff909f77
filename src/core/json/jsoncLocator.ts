/**
 * Where a value is in the text of a settings.json (JSON with comments and trailing commas, as VS
 * Code writes and reads it), and a top-level member's value read from it.
 */

export interface TextSpan {
  /** Offset of the value's first character. */
  readonly start: number;
  /** Offset just after its last character. */
  readonly end: number;
}

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  /** Skips whitespace and comments; the character there, or '' at the end. */
  peek(): string {
    for (;;) {
      while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
      if (this.text.startsWith('//', this.pos)) {
        const end = this.text.indexOf('\n', this.pos);
        this.pos = end < 0 ? this.text.length : end;
      } else if (this.text.startsWith('/*', this.pos)) {
        const end = this.text.indexOf('*/', this.pos + 2);
        this.pos = end < 0 ? this.text.length : end + 2;
      } else {
        return this.text[this.pos] ?? '';
      }
    }
  }

  expect(char: string): void {
    if (this.peek() !== char) throw new SyntaxError(`expected ${char} at ${this.pos}`);
    this.pos++;
  }

  /** A string's content (escapes kept as written: only keys are compared, and they have none here). */
  string(): string {
    this.expect('"');
    const from = this.pos;
    while (this.pos < this.text.length && this.text[this.pos] !== '"') this.pos += this.text[this.pos] === '\\' ? 2 : 1;
    if (this.pos >= this.text.length) throw new SyntaxError('unterminated string');
    this.pos++;
    return this.text.slice(from, this.pos - 1);
  }

  /** Skips one value; its span. */
  value(): TextSpan {
    const first = this.peek();
    const start = this.pos;
    if (first === '"') this.string();
    else if (first === '{') this.members(() => this.value());
    else if (first === '[') this.elements(() => this.value());
    else {
      while (this.pos < this.text.length && !/[\s,\]}/]/.test(this.text[this.pos]!)) this.pos++;
      if (this.pos === start) throw new SyntaxError(`unexpected ${first || 'end'} at ${start}`);
    }
    return { start, end: this.pos };
  }

  /** An object: calls `onValue` for each member's value after its key, with the key. */
  members(onValue: (key: string) => void): void {
    this.expect('{');
    while (this.peek() !== '}') {
      const key = this.string();
      this.expect(':');
      onValue(key);
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== '}') throw new SyntaxError(`expected , or } at ${this.pos}`);
    }
    this.pos++;
  }

  /** An array: calls `onElement` at each element, with its index. */
  elements(onElement: (index: number) => void): void {
    this.expect('[');
    let index = 0;
    while (this.peek() !== ']') {
      onElement(index++);
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== ']') throw new SyntaxError(`expected , or ] at ${this.pos}`);
    }
    this.pos++;
  }
}

/**
 * The span of element `index` of the array that the top-level `key` holds (the last one when the
 * key is there twice, as VS Code reads it); undefined when there is none or the text is not JSONC.
 */
export function locateArrayElement(text: string, key: string, index: number): TextSpan | undefined {
  const scanner = new Scanner(text);
  let found: TextSpan | undefined;
  try {
    scanner.members((member) => {
      if (member !== key || scanner.peek() !== '[') {
        scanner.value();
        return;
      }
      found = undefined;
      scanner.elements((i) => {
        const span = scanner.value();
        if (i === index) found = span;
      });
    });
  } catch {
    return undefined;
  }
  return found;
}

/** The span of the top-level member `key`'s value (the last one, as VS Code reads it); undefined when absent. */
function locateMember(text: string, key: string): TextSpan | undefined {
  const scanner = new Scanner(text);
  let found: TextSpan | undefined;
  scanner.members((member) => {
    const span = scanner.value();
    if (member === key) found = span;
  });
  return found;
}

/** The JSONC of one value as JSON: comments and trailing commas dropped, strings kept as they are. */
function strictJson(jsonc: string): string {
  let out = '';
  let pending = '';
  for (let i = 0; i < jsonc.length;) {
    const c = jsonc[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < jsonc.length && jsonc[j] !== '"') j += jsonc[j] === '\\' ? 2 : 1;
      out += pending + jsonc.slice(i, j + 1);
      pending = '';
      i = j + 1;
    } else if (jsonc.startsWith('//', i)) {
      const end = jsonc.indexOf('\n', i);
      i = end < 0 ? jsonc.length : end;
    } else if (jsonc.startsWith('/*', i)) {
      const end = jsonc.indexOf('*/', i + 2);
      i = end < 0 ? jsonc.length : end + 2;
    } else if (c === ',') {
      // Kept only if a value follows: a trailing comma before ] or } is dropped.
      out += pending;
      pending = ',';
      i++;
    } else {
      if (c === ']' || c === '}') pending = '';
      else if (!/\s/.test(c)) {
        out += pending;
        pending = '';
      }
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * The value of the top-level member `key` of a settings.json text: `{ found: false }` when the key
 * is absent, undefined when the text is not JSONC (the user is still typing).
 */
export function readMember(text: string, key: string): { readonly found: boolean; readonly value?: unknown } | undefined {
  try {
    if (text.trim() === '') return { found: false };
    const span = locateMember(text, key);
    if (!span) return { found: false };
    return { found: true, value: JSON.parse(strictJson(text.slice(span.start, span.end))) as unknown };
  } catch {
    return undefined;
  }
}
