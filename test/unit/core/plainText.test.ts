/**
 * Text from a host or a guest shown as text: in the log no escape sequence, control character or
 * line break survives and a long text is cut; in a notification nothing becomes a link.
 */
import * as assert from 'node:assert/strict';
import { LOG_TEXT_MAX, notificationText, plainText } from '../../../src/core/plainText';

describe('text from a host or a guest, shown as text', () => {
  it('removes ANSI escape sequences (colours, screen clears, OSC hyperlinks) and keeps their text', () => {
    assert.equal(plainText('\u001b[31mRED\u001b[0m \u001b]8;;https://example.invalid\u0007link\u001b]8;;\u0007 \u001b[2J'), 'RED link ');
    assert.equal(plainText('\u009b31mC1 CSI'), 'C1 CSI');
  });

  it('shows line breaks as one mark, so a text cannot forge a log line, and other controls as U+FFFD', () => {
    assert.equal(plainText('a\r\nb\nc\rd\u2028e'), 'a ⏎ b ⏎ c ⏎ d ⏎ e');
    assert.equal(plainText('nul\u0000 bell\u0007 del\u007f bidi\u202e tab\t'), 'nul\uFFFD bell\uFFFD del\uFFFD bidi\uFFFD tab\t');
  });

  it('cuts a long text and says how much was left out', () => {
    const shown = plainText('A'.repeat(102_400));
    assert.equal(shown, `${'A'.repeat(LOG_TEXT_MAX)}… (${102_400 - LOG_TEXT_MAX} more characters)`);
  });

  it('never lets a notification render a link', () => {
    assert.equal(notificationText('[Fix now](command:gpupv.removeHost)'), '[Fix now] (command:gpupv.removeHost)');
    assert.equal(notificationText('**bold** <img src=x>'), '**bold** <img src=x>');
  });
});
