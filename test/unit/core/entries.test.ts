/** Lists read entry by entry: what parses, and for what does not, what could be read and what was odd. */
import * as assert from 'node:assert/strict';
import { z } from 'zod/v4';
import {
  entryKindName,
  invalidEntryDetails,
  invalidEntryLabel,
  invalidEntryLogLine,
  invalidEntryReason,
  unreadableCountText,
} from '../../../src/core/invalidEntryText';
import { parseLosslessJson } from '../../../src/core/json/losslessJson';
import { entriesOf, entryOf, NAME_LIMIT, RAW_LIMIT, type InvalidEntry } from '../../../src/core/normalize/entries';
import { intList, uint64 } from '../../../src/core/normalize/fields';

const item = z.object({ Name: z.string(), VMId: z.string(), MemoryStartup: uint64, Counts: intList.optional() });
const list = entriesOf(item, 'vm');
const good = (name: string) => ({ Name: name, VMId: `id-${name}`, MemoryStartup: 1024 });

function onlyInvalid(value: unknown): InvalidEntry {
  const parsed = list.parse(value);
  assert.equal(parsed.invalid.length, 1);
  return parsed.invalid[0]!;
}

describe('entries read one by one', () => {
  it('keeps every entry that parses, in order, and makes each one that does not an invalid entry', () => {
    const parsed = list.parse([good('a'), { ...good('b'), MemoryStartup: null }, good('c')]);
    assert.deepEqual(
      parsed.ok.map((e) => e.Name),
      ['a', 'c'],
    );
    assert.equal(parsed.ok[0]!.MemoryStartup, 1024n, 'parsed entries are transformed as usual');
    assert.deepEqual(parsed.invalid, [
      {
        kind: 'vm',
        index: 1,
        name: 'b',
        id: 'id-b',
        problems: [{ path: 'MemoryStartup', message: 'expected an unsigned 64-bit integer', raw: 'null' }],
        moreProblems: 0,
      },
    ]);
  });

  it('takes the pipeline shapes listOf takes: one object, nothing, 5.1’s {value, Count} wrapper', () => {
    assert.deepEqual(list.parse(good('a')).ok.length, 1);
    assert.deepEqual(list.parse(null), { ok: [], invalid: [] });
    assert.deepEqual(list.parse(undefined), { ok: [], invalid: [] });
    const wrapped = list.parse({ value: [good('a'), { Name: 'b' }], Count: 2 });
    assert.equal(wrapped.ok.length, 1);
    assert.equal(wrapped.invalid[0]!.index, 1);
    assert.equal(onlyInvalid({ Name: 'single', VMId: 'x' }).name, 'single', 'one odd object alone is one invalid entry');
  });

  it('a missing property reads "absent" (raw null), a value of the wrong type keeps its raw JSON', () => {
    const missing = onlyInvalid([{ Name: 'a', VMId: 'x' }]);
    assert.deepEqual(missing.problems, [{ path: 'MemoryStartup', message: missing.problems[0]!.message, raw: null }]);
    assert.match(invalidEntryDetails(missing)[0]!, /^MemoryStartup: .*; the host sent nothing \(the property is absent\)$/);
    const wrong = onlyInvalid([{ ...good('a'), MemoryStartup: { value: 'x' } }]);
    assert.equal(wrong.problems[0]!.raw, '{"value":"x"}');
  });

  it('keeps UInt64 raw values exact and follows paths into 5.1 wrappers and single values', () => {
    const big = onlyInvalid(parseLosslessJson('[{"Name":"a","VMId":"x","MemoryStartup":18446744073709551616}]'));
    assert.equal(big.problems[0]!.raw, '18446744073709551616');
    const inWrapper = onlyInvalid([{ ...good('a'), Counts: { value: [16, 'eight'], Count: 2 } }]);
    assert.deepEqual(inWrapper.problems[0]!.path, 'Counts.1');
    assert.equal(inWrapper.problems[0]!.raw, '"eight"');
    const single = onlyInvalid([{ ...good('a'), Counts: 'thirty-two' }]);
    assert.equal(single.problems[0]!.raw, '"thirty-two"');
  });

  it('bounds what it keeps: raw values, names and the number of problems', () => {
    const long = 'x'.repeat(5000);
    const entry = onlyInvalid([{ Name: long, VMId: 7, MemoryStartup: long, Counts: [long] }]);
    assert.equal(entry.name!.length, NAME_LIMIT);
    assert.ok(entry.name!.endsWith('…'));
    assert.equal(entry.id, '7', 'a numeric id is read as text');
    for (const p of entry.problems) assert.ok(p.raw === null || p.raw.length <= RAW_LIMIT, p.path);
    const many = onlyInvalid([{ Name: 1, VMId: 2, MemoryStartup: 'x', Counts: ['a', 'b', 'c'] }]);
    assert.equal(many.problems.length, 3);
    assert.equal(many.moreProblems, 3);
    assert.match(invalidEntryReason(many), /and 3 more$/);
  });

  it('never lets control characters from the host into a label or a log line', () => {
    const entry = onlyInvalid([{ Name: 'evil\nname\u0007', VMId: 'x\r\n[host] forged', MemoryStartup: '\u001b[31m' }]);
    assert.equal(entry.name, 'evil name');
    assert.equal(entry.id, 'x  [host] forged');
    const line = invalidEntryLogLine(entry);
    assert.ok(
      [...line].every((c) => c.charCodeAt(0) >= 0x20),
      line,
    );
  });

  it('an entry that is no object at all keeps nothing but what was odd about it', () => {
    const entry = onlyInvalid(['just text']);
    assert.equal(entry.name, null);
    assert.deepEqual(
      entry.problems.map((p) => [p.path, p.raw]),
      [['', '"just text"']],
    );
    assert.equal(invalidEntryLabel(entry), 'VM 1');
    assert.equal(invalidEntryReason(entry), 'could not be read: the entry itself');
  });

  it('one object answered alone (a VM after a change) is read the same way', () => {
    const one = entryOf(item, 'vm');
    assert.deepEqual(one.parse(good('a')), { ok: true, value: { ...good('a'), MemoryStartup: 1024n } });
    const odd = one.parse({ ...good('a'), MemoryStartup: -1 });
    assert.ok(!odd.ok && odd.invalid.name === 'a' && odd.invalid.index === 0);
  });

  describe('what is said about it', () => {
    const entry = (over: Partial<InvalidEntry>): InvalidEntry => ({
      kind: 'vm',
      index: 3,
      name: null,
      id: null,
      problems: [{ path: 'Generation', message: 'Invalid input: expected number, received null', raw: 'null' }],
      moreProblems: 0,
      ...over,
    });

    it('labels it by name, id, or kind and position; a GPU by vendor and device, an adapter by its GPU', () => {
      assert.equal(invalidEntryLabel(entry({ name: 'Build', id: 'x' })), 'Build');
      assert.equal(invalidEntryLabel(entry({ id: 'x' })), 'x');
      assert.equal(invalidEntryLabel(entry({})), 'VM 4');
      assert.equal(
        invalidEntryLabel(entry({ kind: 'gpu', id: String.raw`\\?\PCI#VEN_10DE&DEV_2504#x#{a}\GPUPARAV` })),
        'NVIDIA device 2504',
      );
      assert.equal(
        invalidEntryLabel(entry({ kind: 'adapter', name: String.raw`\\?\PCI#VEN_8086&DEV_4680#x#{a}` })),
        'Intel device 4680 partition',
      );
      assert.equal(invalidEntryLabel(entry({ kind: 'adapter' })), 'GPU partition adapter');
      assert.equal(entryKindName('driver'), 'GPU driver record');
    });

    it('a short reason, the details with the raw value, and one log line', () => {
      const e = entry({ name: 'Build', id: '5b1e' });
      assert.equal(invalidEntryReason(e), 'could not be read: Generation');
      assert.deepEqual(invalidEntryDetails(e), ['Generation: Invalid input: expected number, received null; the host sent null']);
      assert.equal(
        invalidEntryLogLine(e),
        'VM Build (5b1e), entry 4 of its list, could not be read and is shown without actions: Generation: Invalid ' +
          'input: expected number, received null; the host sent null',
      );
      assert.equal(unreadableCountText(1), '1 entry could not be read');
      assert.equal(unreadableCountText(3), '3 entries could not be read');
    });
  });
});
