/**
 * The one format every secret crosses the wire in: sealed to the session key of the shell that
 * receives it, an elliptic-curve key (NIST P-256) the module makes in memory on the first
 * Get-SessionKey and never writes. ECIES, with primitives .NET Framework 4.7 (Windows PowerShell
 * 5.1), .NET 7+ (PowerShell 7) and Node all have:
 *
 *   gpupv-sealed-v1:<key id>:<base64 of E | IV | ciphertext | MAC>
 *
 * - key id: the first 8 bytes of SHA-256 of the shell's public point, in hex: a secret sealed to an
 *   earlier shell's key is refused as such (secret-key-changed), not as damage;
 * - E: a fresh P-256 key's public point (65 bytes, uncompressed) for each secret; Z, the x coordinate
 *   of its ECDH agreement with the shell's key, gives the AES-256 key SHA-256(00000001 | Z | info) and
 *   the HMAC-SHA256 key SHA-256(00000002 | Z | info), info being `gpupv-sealed-v1:<key id>:` and E
 *   (the one-step KDF of NIST SP 800-56C; .NET's DeriveKeyFromHash computes exactly this);
 * - ciphertext: AES-256-CBC with PKCS#7 padding of the secret's UTF-8 bytes, under a random IV;
 * - MAC: HMAC-SHA256 of `gpupv-sealed-v1:<key id>:`, E, the IV and the ciphertext (encrypt-then-MAC),
 *   checked in constant time before anything is decrypted.
 * The module opens it (src/powershell/GpuPv/Private/Secrets); the simulated host with openSealed.
 */
import { createCipheriv, createDecipheriv, createECDH, createHash, createHmac, randomBytes, timingSafeEqual, type ECDH } from 'node:crypto';
import { Secret } from './secret';

declare const sealedBrand: unique symbol;
/** A secret as it travels: only its session key's shell can open it. A plain string is not one. */
export type SealedSecret = string & { readonly [sealedBrand]: true };

export const SEALED_VERSION = 'gpupv-sealed-v1';
export const CURVE = 'P-256';
const KEY_ID = /^[0-9a-f]{16}$/;
const SEALED = /^gpupv-sealed-v1:([0-9a-f]{16}):([A-Za-z0-9+/]+={0,2})$/;
/** The longest password or passphrase the protocol takes, in UTF-16 code units. */
export const MAX_SECRET_LENGTH = 1024;
/** A 1024-character secret sealed is at most about 4,300 characters. */
export const MAX_SEALED_LENGTH = 8192;

const COORDINATE_BYTES = 32;
const POINT_BYTES = 1 + 2 * COORDINATE_BYTES;
const IV_BYTES = 16;
const MAC_BYTES = 32;
const BLOCK = 16;

/** A shell's session key as the session holds it: the public point only. */
export interface SessionKey {
  readonly keyId: string;
  /** Uncompressed: 0x04, X, Y. */
  readonly publicPoint: Buffer;
}

export function isSealedSecret(value: unknown): value is SealedSecret {
  return typeof value === 'string' && value.length <= MAX_SEALED_LENGTH && SEALED.test(value);
}

export function keyIdOf(publicPoint: Buffer): string {
  return createHash('sha256').update(publicPoint).digest().subarray(0, 8).toString('hex');
}

/** The public key a shell answered (Get-SessionKey: its point's X and Y), checked against the id it gave. */
export function sessionKeyFrom(keyId: string, x: Buffer, y: Buffer): SessionKey | string {
  if (x.length !== COORDINATE_BYTES || y.length !== COORDINATE_BYTES) return `the session key is not a ${CURVE} point`;
  const publicPoint = Buffer.concat([Buffer.from([4]), x, y]);
  if (!KEY_ID.test(keyId) || keyIdOf(publicPoint) !== keyId) return 'the session key’s id does not match its point';
  try {
    // Refuses a point that is not on the curve.
    const probe = createECDH('prime256v1');
    probe.generateKeys();
    probe.computeSecret(publicPoint);
  } catch {
    return `the session key is not a ${CURVE} point`;
  }
  return { keyId, publicPoint };
}

/** Throws a RangeError for a secret the protocol refuses (too long): nothing is sealed then. */
export function checkSecret(secret: Secret): void {
  if (secret.length > MAX_SECRET_LENGTH) throw new RangeError(`A password may hold at most ${MAX_SECRET_LENGTH} characters.`);
}

export function seal(secret: Secret, key: SessionKey): SealedSecret {
  checkSecret(secret);
  const ephemeral = createECDH('prime256v1');
  const point = ephemeral.generateKeys();
  const keys = derivedKeys(ephemeral, point, key.keyId, key.publicPoint);
  const plain = Buffer.from(Secret.revealForSealing(secret), 'utf8');
  try {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-cbc', keys.aes, iv);
    const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
    const signed = Buffer.concat([point, iv, ciphertext]);
    const mac = macOf(keys.mac, key.keyId, signed);
    return `${SEALED_VERSION}:${key.keyId}:${Buffer.concat([signed, mac]).toString('base64')}` as SealedSecret;
  } finally {
    keys.aes.fill(0);
    keys.mac.fill(0);
    plain.fill(0);
  }
}

/** The simulated host's own key: it plays the module, so it holds the private half. */
export interface SessionKeyPair extends SessionKey {
  readonly agreement: ECDH;
}

export function newSessionKeyPair(): SessionKeyPair {
  const agreement = createECDH('prime256v1');
  const publicPoint = agreement.generateKeys();
  return { keyId: keyIdOf(publicPoint), publicPoint, agreement };
}

export type OpenFailure = 'other-key' | 'unreadable';

/**
 * The module's side, for the simulated host: the secret's text, or why it cannot be opened. A secret
 * sealed to another key is refused before any decryption; a damaged one after its MAC, before AES.
 */
export function openSealed(sealed: string, key: SessionKeyPair): { readonly text: string } | { readonly failure: OpenFailure } {
  const match = SEALED.exec(sealed);
  if (!match || sealed.length > MAX_SEALED_LENGTH) return { failure: 'unreadable' };
  if (match[1] !== key.keyId) return { failure: 'other-key' };
  const blob = Buffer.from(match[2]!, 'base64');
  const ciphertextBytes = blob.length - POINT_BYTES - IV_BYTES - MAC_BYTES;
  if (ciphertextBytes < BLOCK || ciphertextBytes % BLOCK !== 0) return { failure: 'unreadable' };
  let keys: { aes: Buffer; mac: Buffer };
  try {
    keys = derivedKeys(key.agreement, blob.subarray(0, POINT_BYTES), key.keyId, blob.subarray(0, POINT_BYTES));
  } catch {
    return { failure: 'unreadable' };
  }
  try {
    const signed = blob.subarray(0, blob.length - MAC_BYTES);
    if (!timingSafeEqual(macOf(keys.mac, key.keyId, signed), blob.subarray(blob.length - MAC_BYTES))) return { failure: 'unreadable' };
    const iv = blob.subarray(POINT_BYTES, POINT_BYTES + IV_BYTES);
    const decipher = createDecipheriv('aes-256-cbc', keys.aes, iv);
    const plain = Buffer.concat([decipher.update(blob.subarray(POINT_BYTES + IV_BYTES, blob.length - MAC_BYTES)), decipher.final()]);
    const text = plain.toString('utf8');
    plain.fill(0);
    return { text };
  } catch {
    return { failure: 'unreadable' };
  } finally {
    keys.aes.fill(0);
    keys.mac.fill(0);
  }
}

/**
 * The AES and HMAC keys of one sealed secret: `own` agrees with `peer`; `point` is the secret's E
 * (the sealer's ephemeral point, which is `own`'s when sealing and `peer` when opening).
 */
function derivedKeys(own: ECDH, point: Buffer, keyId: string, peer: Buffer): { aes: Buffer; mac: Buffer } {
  const z = own.computeSecret(peer);
  const info = Buffer.concat([Buffer.from(`${SEALED_VERSION}:${keyId}:`, 'ascii'), point]);
  const derive = (counter: number) =>
    createHash('sha256')
      .update(Buffer.from([0, 0, 0, counter]))
      .update(z)
      .update(info)
      .digest();
  const keys = { aes: derive(1), mac: derive(2) };
  z.fill(0);
  return keys;
}

function macOf(macKey: Buffer, keyId: string, signed: Buffer): Buffer {
  return createHmac('sha256', macKey).update(`${SEALED_VERSION}:${keyId}:`, 'ascii').update(signed).digest();
}
