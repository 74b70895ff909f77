/** Finding an entry of `gpupv.hosts` in the text of a settings.json (comments, trailing commas). */
import * as assert from 'node:assert/strict';
import { locateArrayElement, readMember } from '../../../src/core/json/jsoncLocator';

function entryText(text: string, index: number): string | undefined {
  const span = locateArrayElement(text, 'gpupv.hosts', index);
  return span && text.slice(span.start, span.end);
}

const SETTINGS = `{
  // the theme
  "workbench.colorTheme": "Default Light Modern",
  /* a block comment with "gpupv.hosts": [ in it */
  "editor.rulers": [80, 120,],
  "gpupv.hosts": [
    { "kind": "simulated", "name": "A \\"quoted\\" } ] name", "scenario": "win11-workstation" },
    // a commented-out host
    {
      "kind": "simulated",
      "name": "Broken"
    },
    42,
  ],
  "gpupv.refreshIntervalSeconds": 30,
}
`;

describe('locateArrayElement (JSONC)', () => {
  it('finds each entry of the array, across comments, escaped quotes and trailing commas', () => {
    assert.equal(entryText(SETTINGS, 0), '{ "kind": "simulated", "name": "A \\"quoted\\" } ] name", "scenario": "win11-workstation" }');
    assert.equal(entryText(SETTINGS, 1), '{\n      "kind": "simulated",\n      "name": "Broken"\n    }');
    assert.equal(entryText(SETTINGS, 2), '42');
  });

  it('says nothing for an index past the end, a missing key or text that is not JSONC', () => {
    assert.equal(entryText(SETTINGS, 3), undefined);
    assert.equal(locateArrayElement(SETTINGS, 'gpupv.other', 0), undefined);
    assert.equal(entryText('{ "gpupv.hosts": [ {"kind": ', 0), undefined);
    assert.equal(entryText('', 0), undefined);
  });

  it('takes the last of two keys of that name, as VS Code does', () => {
    const text = '{ "gpupv.hosts": [1], "gpupv.hosts": [2, 3] }';
    assert.equal(entryText(text, 0), '2');
    assert.equal(entryText(text, 1), '3');
  });
});

describe('readMember (JSONC)', () => {
  it('reads a member’s value across comments and trailing commas, strings as written', () => {
    const read = readMember(SETTINGS, 'gpupv.hosts');
    assert.deepEqual(read, {
      found: true,
      value: [{ kind: 'simulated', name: 'A "quoted" } ] name', scenario: 'win11-workstation' }, { kind: 'simulated', name: 'Broken' }, 42],
    });
    assert.deepEqual(readMember(SETTINGS, 'editor.rulers'), { found: true, value: [80, 120] });
    assert.deepEqual(readMember('{ "a": "x // not a comment, /* nor this */", }', 'a'), {
      found: true,
      value: 'x // not a comment, /* nor this */',
    });
  });

  it('tells an absent key from text that is not JSONC yet', () => {
    assert.deepEqual(readMember(SETTINGS, 'gpupv.other'), { found: false });
    assert.deepEqual(readMember('', 'gpupv.hosts'), { found: false });
    assert.equal(readMember('{ "gpupv.hosts": [ {"kind": ', 'gpupv.hosts'), undefined);
  });
});
