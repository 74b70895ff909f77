/**
 * Tooltip Markdown escapes host text exactly once: what a renderer shows is what the host said, and
 * a path in a code span is the path (a copied instance path must work in PowerShell).
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { bold, code, codeSpan, escapeMarkdown, icon, MarkdownText } from '../../../src/core/markdownText';
import { codeSpans, renderedText } from '../../support/markdown';

const RTX_PATH = '\\\\?\\PCI#VEN_10DE&DEV_2504&SUBSYS_153610DE&REV_A1#4&1c5d7d4&0&0009#{064092b3-625e-43bf-9eb5-dc845897dd59}\\GPUPARAV';

describe('Markdown text of tooltips', () => {
  it('puts an instance path in a code span as it is, with no escapes inside', () => {
    assert.equal(codeSpan(RTX_PATH), `\`${RTX_PATH}\``);
    assert.deepEqual(codeSpans(codeSpan(RTX_PATH)), [RTX_PATH]);
  });

  it('fences a code span longer than any backtick run inside, padding a text that starts or ends with one', () => {
    for (const text of ['a`b', '``x``', '`start', 'end`', ' both ', 'C:\\a`b`c\\d']) {
      assert.deepEqual(codeSpans(codeSpan(text)), [text], codeSpan(text));
    }
  });

  it('escapes host text once: any name renders as itself', () => {
    fc.assert(
      fc.property(
        fc
          .string({ unit: fc.constantFrom(...'ab \\`*_{}[]()#+-.!|<>~&$:;\'"/%=éü字'.split('')), minLength: 1, maxLength: 40 })
          .filter((s) => s.trim() === s && s !== ''),
        (text) => renderedText(escapeMarkdown(text)) === text,
      ),
      { numRuns: 500 },
    );
  });

  it('keeps entity-like, icon-like and list-like text literal', () => {
    for (const text of ['&amp; &copy;', '$(error) not an icon', '- not a list', '1. not a list', '# not a heading', '<b>not bold</b>'])
      assert.equal(renderedText(escapeMarkdown(text)), text);
    assert.equal(escapeMarkdown('$(error)'), '\\$\\(error\\)');
  });

  it('builds paragraphs and one list from consecutive bullets', () => {
    const text = new MarkdownText()
      .paragraph(bold('NVIDIA A16'), '\n', '1/16 partitions')
      .bullet('Driver: 32.0')
      .bullet('Id: ', code('a_b'))
      .paragraph(icon('pass'), ' done');
    assert.equal(text.toString(), '**NVIDIA A16**  \n1/16 partitions\n\n- Driver: 32\\.0\n- Id: `a_b`\n\n$(pass) done');
  });
});
