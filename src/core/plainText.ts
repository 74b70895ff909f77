/**
 * Text from a host or a guest, made safe to show as text: in the log, where an ANSI escape or a
 * line break could forge or hide lines, and in notifications, where VS Code turns `[label](target)`
 * into a link. A guest's administrator chooses device names, driver strings and failure texts, of
 * any length: they are shown as what they are, never as markup or terminal control, and bounded.
 */

/* eslint-disable no-control-regex */
/** CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), and the other two-character ESC sequences. */
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]|\x9b[0-?]*[ -/]*[@-~]/g;
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029\u0085]/g;
/** The other C0 and C1 controls and DEL, and the bidirectional overrides that reorder what is shown. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
/* eslint-enable no-control-regex */

/** A log message is cut beyond this many characters. */
export const LOG_TEXT_MAX = 4000;

/** `text` with escape sequences removed, line breaks shown as ⏎, other controls as U+FFFD, cut to `max` characters. */
export function plainText(text: string, max: number = LOG_TEXT_MAX): string {
  const plain = text.replace(ANSI, '').replace(LINE_BREAK, ' ⏎ ').replace(CONTROL, '\uFFFD');
  return plain.length <= max ? plain : `${plain.slice(0, max)}… (${plain.length - max} more characters)`;
}

/** plainText, with `](` broken so that no part of it becomes a link in a notification. */
export function notificationText(text: string, max: number = LOG_TEXT_MAX): string {
  return plainText(text, max).replace(/\]\(/g, '] (');
}
