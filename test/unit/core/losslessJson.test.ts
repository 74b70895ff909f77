import * as assert from 'node:assert/strict';
import { JsonSyntaxError, parseLosslessJson, stringifyLosslessJson, type JsonValue } from '../../../src/core/json/losslessJson';
import { allFixtureFiles, asRecord, FIXTURE, fixture, fixtureText } from '../../support/fixtures';

const UINT64_MAX = 18446744073709551615n;
const TWO_POW_63 = 9223372036854775808n;

/** Number literals outside strings, in document order. */
function numberLiterals(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/"(?:[^"\\]|\\.)*"|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g)) if (m[1] !== undefined) out.push(m[1]);
  return out;
}

/** Numbers and bigints of a parsed document, depth first (same order as the text for these fixtures). */
function numericLeaves(value: JsonValue, out: Array<number | bigint> = []): Array<number | bigint> {
  if (typeof value === 'number' || typeof value === 'bigint') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => numericLeaves(v, out));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((v) => numericLeaves(v, out));
  return out;
}

function syntaxError(text: string): JsonSyntaxError {
  try {
    parseLosslessJson(text);
  } catch (error) {
    assert.ok(error instanceof JsonSyntaxError, `expected JsonSyntaxError for ${JSON.stringify(text)}, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('losslessJson', () => {
  describe('UInt64 values from the fixtures', () => {
    it('parses every integer literal in every fixture exactly (bigint above 2^53, number below)', () => {
      let bigints = 0;
      for (const file of allFixtureFiles()) {
        const text = fixtureText(file);
        const literals = numberLiterals(text);
        const leaves = numericLeaves(parseLosslessJson(text));
        assert.equal(leaves.length, literals.length, `${file}: number count`);
        literals.forEach((literal, i) => {
          const value = leaves[i]!;
          assert.equal(BigInt(value), BigInt(literal), `${file}: literal #${i} ${literal}`);
          const safe = Number.isSafeInteger(Number(literal));
          assert.equal(typeof value, safe ? 'number' : 'bigint', `${file}: ${literal} type`);
          if (!safe) bigints++;
        });
      }
      assert.ok(bigints >= 11, `expected the fixtures' UInt64 encode values, saw ${bigints} bigints`);
    });

    it('keeps 2^64-1 and 2^63 exact where plain JSON.parse rounds them', () => {
      const gpuText = fixtureText(FIXTURE.rtx3060);
      const adapterText = fixtureText(FIXTURE.adapter50pct);
      const gpu = asRecord(parseLosslessJson(gpuText));
      const adapter = asRecord(parseLosslessJson(adapterText));
      assert.equal(gpu.TotalEncode, UINT64_MAX);
      assert.equal(gpu.MaxPartitionEncode, UINT64_MAX);
      assert.equal(adapter.MinPartitionEncode, TWO_POW_63);

      // The point of the parser: JSON.parse silently returns a different number.
      const naiveGpu = JSON.parse(gpuText) as Record<string, number>;
      const naiveAdapter = JSON.parse(adapterText) as Record<string, number>;
      assert.equal(String(naiveGpu.TotalEncode), '18446744073709552000');
      assert.notEqual(BigInt(naiveGpu.TotalEncode!), UINT64_MAX);
      assert.equal(BigInt(naiveGpu.TotalEncode!), 1n << 64n, 'JSON.parse rounds 2^64-1 up to 2^64, which does not even fit in UInt64');
      assert.equal(naiveGpu.TotalEncode, Number(UINT64_MAX - 1000n), 'JSON.parse cannot tell 2^64-1 from 2^64-1001');
      // 2^63 happens to be a power of two, so it survives; its neighbour does not.
      assert.equal(BigInt(naiveAdapter.MinPartitionEncode!), TWO_POW_63);
      assert.notEqual(BigInt(JSON.parse('9223372036854775807') as number), TWO_POW_63 - 1n);
      assert.equal(parseLosslessJson('9223372036854775807'), TWO_POW_63 - 1n);
    });
  });

  describe('numbers', () => {
    it('keeps safe integers as numbers and switches to bigint exactly past 2^53-1', () => {
      assert.equal(parseLosslessJson('1000000000'), 1000000000);
      assert.equal(parseLosslessJson('0'), 0);
      assert.equal(parseLosslessJson('-42'), -42);
      assert.equal(parseLosslessJson('9007199254740991'), Number.MAX_SAFE_INTEGER);
      assert.equal(parseLosslessJson('9007199254740992'), 9007199254740992n);
      assert.equal(parseLosslessJson('-9007199254740992'), -9007199254740992n);
      assert.equal(parseLosslessJson('18446744073709551616'), 1n << 64n, 'the parser itself does not range-check');
    });

    it('parses floats and exponents like JSON.parse', () => {
      for (const text of ['0.5', '-1.25', '1e3', '2.5E-3', '1.0', '3.14159', '1e400']) {
        assert.equal(parseLosslessJson(text), JSON.parse(text), text);
      }
      assert.equal(typeof parseLosslessJson('1.0'), 'number');
    });

    it('rejects malformed numbers with a position', () => {
      assert.match(syntaxError('-').message, /malformed number at position 0/);
      assert.equal(syntaxError('[01]').position, 2);
      assert.equal(syntaxError('1.').position, 1);
      assert.equal(syntaxError('+1').position, 0);
    });
  });

  describe('strings', () => {
    it('decodes escapes, including the \\u0026-style ones Windows PowerShell 5.1 writes', () => {
      const text = String.raw`{"p": "\\\\?\\PCI#VEN_10DE\u0026DEV_2504\u0026SUBSYS_153610DE#4\u00261c5d7d4\u00260\u00260009", "s": "\u003cb\u003e \u0027q\u0027 \"d\" \/ \b\f\n\r\t \u00e9 \ud83d\ude00"}`;
      const value = asRecord(parseLosslessJson(text));
      assert.equal(value.p, String.raw`\\?\PCI#VEN_10DE&DEV_2504&SUBSYS_153610DE#4&1c5d7d4&0&0009`);
      assert.equal(value.s, '<b> \'q\' "d" / \b\f\n\r\t é 😀');
      assert.deepEqual(value, JSON.parse(text));
    });

    it('rejects bad escapes and raw control characters as JsonSyntaxError with the position', () => {
      const badEscape = syntaxError('{"a": "x\\qy"}');
      assert.equal(badEscape.position, 8);
      assert.match(badEscape.message, /escape/);
      const shortUnicode = syntaxError('["\\u00", 1]');
      assert.equal(shortUnicode.position, 2);
      assert.match(shortUnicode.message, /escape/);
      const control = syntaxError('"a\nb"');
      assert.equal(control.position, 2);
      assert.match(control.message, /control character/);
    });
  });

  it('skips a UTF-8 byte order mark, and only at the start', () => {
    assert.deepEqual(parseLosslessJson('\ufeff{"a": 1}'), { a: 1 });
    assert.deepEqual(parseLosslessJson('\ufeff\r\n[\r\n    1\r\n]\r\n'), [1]);
    assert.equal(syntaxError('{"a": \ufeff1}').position, 6);
  });

  it('keeps a "__proto__" key as data and does not touch any prototype', () => {
    const value = parseLosslessJson('{"__proto__": {"polluted": true}, "a": 1}');
    assert.ok(value !== null && typeof value === 'object' && !Array.isArray(value));
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.deepEqual(Object.keys(value), ['__proto__', 'a']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(value, '__proto__')?.value, { polluted: true });
    assert.equal((value as { polluted?: unknown }).polluted, undefined);
    assert.equal(({} as { polluted?: unknown }).polluted, undefined);
  });

  describe('errors on truncated or garbage input', () => {
    const cases: Array<[string, number, RegExp]> = [
      ['', 0, /unexpected end of input/],
      ['   ', 3, /unexpected end of input/],
      ['{"TotalVRAM": 1000000000', 24, /expected "}"/],
      ['{"TotalVRAM": ', 14, /unexpected end of input/],
      [String.raw`{"Name": "\\\\?\\PCI#VEN_10`, 27, /unterminated string/],
      ['[1, 2', 5, /expected "]"/],
      ['[1, 2,]', 6, /unexpected character "]"/],
      ['{"a": 1,}', 8, /expected a property name/],
      ['{a: 1}', 1, /expected a property name/],
      ['{"a" 1}', 5, /expected ":"/],
      ['nul', 0, /unexpected token/],
      ['True', 0, /unexpected character "T"/],
      ['{"a": 1} {"b": 2}', 9, /trailing characters/],
      ['PS C:\\> ', 0, /unexpected character "P"/],
      ["{'a': 1}", 1, /expected a property name/],
    ];
    for (const [text, position, message] of cases) {
      it(`rejects ${JSON.stringify(text)} at position ${position}`, () => {
        const error = syntaxError(text);
        assert.equal(error.position, position);
        assert.match(error.message, message);
        assert.match(error.message, new RegExp(`at position ${position}$`));
      });
    }

    it('refuses nesting deeper than 64 levels instead of overflowing the stack', () => {
      assert.match(syntaxError('['.repeat(100) + ']'.repeat(100)).message, /nesting too deep/);
      assert.doesNotThrow(() => parseLosslessJson('['.repeat(60) + ']'.repeat(60)));
    });
  });

  describe('stringifyLosslessJson', () => {
    it('writes bigints as integer literals and round-trips every fixture', () => {
      const text = stringifyLosslessJson({
        total: 18446744073709551615n,
        half: 9223372036854775808n,
        neg: -9223372036854775809n,
        n: 1,
        s: 'x',
      });
      assert.equal(text, '{"total":18446744073709551615,"half":9223372036854775808,"neg":-9223372036854775809,"n":1,"s":"x"}');
      for (const file of allFixtureFiles()) {
        const value = fixture(file);
        assert.deepEqual(parseLosslessJson(stringifyLosslessJson(value)), value, file);
        assert.deepEqual(parseLosslessJson(stringifyLosslessJson(value, 2)), value, `${file} (indented)`);
      }
    });

    it('keeps strings that look like its internal bigint marker as strings', () => {
      const value = { s: '\u0000bigint:5', list: ['\u0000bigint:-7'], n: 18446744073709551615n };
      assert.deepEqual(parseLosslessJson(stringifyLosslessJson(value)), value);
    });
  });
});
