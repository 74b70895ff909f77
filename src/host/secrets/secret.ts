/**
 * A secret (a password, a key's passphrase) in the caller's hands. The only thing the extension does
 * with one is seal it to the session key of the shell that receives it (sealSecrets): it does not
 * serialise (JSON.stringify throws), print or inspect as its text, so it cannot reach a line, a log
 * or an error by accident. Its text is kept until the caller drops it: a shell restarted before the
 * line is sent gets it sealed again to its own key.
 */
const SHOWN = '[secret]';

export class Secret {
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
    Object.freeze(this);
  }

  /** In UTF-16 code units, as PowerShell counts a string's length. */
  get length(): number {
    return this.#text.length;
  }

  /** For the sealing code only (sealedSecret.ts): everything else treats a secret as opaque. */
  static revealForSealing(secret: Secret): string {
    return secret.#text;
  }

  toJSON(): never {
    throw new TypeError('A secret is never serialised in clear: seal it to the shell’s session key.');
  }

  toString(): string {
    return SHOWN;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return SHOWN;
  }
}
