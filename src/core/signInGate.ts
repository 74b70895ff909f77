/**
 * Sign-ins with a stored password. A Windows account lockout policy counts refused sign-ins, so one
 * refusal must stay one: not one per refresh, per reader (panel, driver sync) or per cluster node.
 *
 * The refusal itself is recorded with the credential (by the caller, in its store), and a refused
 * credential is not offered again until it is replaced. This gate closes the window before that
 * record exists: while a credential has not yet worked, sign-ins with it run one at a time per
 * owner, each reading the credential anew, so the second sees the first one's refusal and does not
 * try. Once a credential has worked, its sign-ins run side by side (a cluster's nodes connect in
 * parallel); should the account then be refused, sign-ins already under way may be refused too,
 * but none starts after the refusal is recorded.
 */
import { createHash } from 'node:crypto';
import type { Result } from './errors';
import { KeyedQueue } from './keyedQueue';

export interface SignIn<C, T> {
  /** The stored credential now (undefined: none). */
  read(): Promise<C | undefined>;
  /** Signs in with it, or refuses without trying (a credential known to be refused). */
  attempt(credential: C | undefined): Promise<Result<T>>;
}

export interface Credential {
  readonly userName: string;
  readonly password: string;
  /** When the machine refused it (ms since the epoch); absent while it is not known to be wrong. */
  readonly refusedAt?: number;
}

/** The one sentence a refused credential is reported with, wherever a sign-in would have used it. */
export function refusedCredentialText(who: string, credential: Credential): string {
  const at = credential.refusedAt === undefined ? '' : ` at ${new Date(credential.refusedAt).toLocaleTimeString()}`;
  return (
    `${who} refused the stored credentials of ${credential.userName}${at}. They are not tried again until ` +
    `you set new ones, so an account lockout policy cannot lock the account.`
  );
}

/** Which credential it is, without keeping its password in memory twice. */
export function credentialIdentity(credential: Credential | undefined): string {
  if (!credential) return 'none';
  return createHash('sha256').update(`${credential.userName}\u0000${credential.password}`).digest('hex');
}

/** The one sentence a refused SSH key is reported with, wherever a sign-in would have offered it. */
export function refusedKeyText(who: string, key: string, refusedAt: number): string {
  return (
    `${who} refused ${key} at ${new Date(refusedAt).toLocaleTimeString()}. It is not offered again until you change the ` +
    'host’s key or user (Edit Host…) or run Test Connection, so sshd or fail2ban cannot lock this computer out.'
  );
}

/**
 * Where the SSH keys hosts refused are kept between sessions (VS Code's global state): a reload must
 * not offer a refused key once more. Connections only (address, port, user, key file), no secret.
 */
export interface RefusedKeyStore {
  load(): Readonly<Record<string, number>>;
  /** Records one connection's refusal (undefined: forgets it), leaving the others as they are now: every window shares the store. */
  update(connection: string, refusedAt: number | undefined): void;
}

export class SignInGate {
  private readonly queue = new KeyedQueue();
  /** Per owner: the identity of the credential that last signed in. */
  private readonly proven = new Map<string, string>();
  /**
   * SSH keys a host refused, by connection (address, port, user, key file): a key is no stored
   * credential that can be marked refused, yet sshd's MaxAuthTries and fail2ban count each offer.
   */
  private readonly refusedKeys = new Map<string, number>();

  constructor(private readonly keyStore?: RefusedKeyStore) {
    for (const [connection, at] of Object.entries(keyStore?.load() ?? {})) {
      if (Number.isFinite(at)) this.refusedKeys.set(connection, at);
    }
  }

  /** When the key of this connection was refused (ms since the epoch); undefined while it is not known to be. */
  keyRefusedAt(connection: string): number | undefined {
    return this.refusedKeys.get(connection);
  }

  keyRefused(connection: string, at: number = Date.now()): void {
    this.refusedKeys.set(connection, at);
    this.keyStore?.update(connection, at);
  }

  /** The user asked to try again (Test Connection): the key is offered once more. */
  retryKey(connection: string): void {
    this.refusedKeys.delete(connection);
    this.keyStore?.update(connection, undefined);
  }

  async run<C extends Credential, T>(owner: string, signIn: SignIn<C, T>): Promise<Result<T>> {
    const first = await signIn.read();
    if (this.proven.get(owner) === credentialIdentity(first)) return this.settle(owner, first, await signIn.attempt(first));
    return this.queue.run(owner, async () => {
      const now = await signIn.read();
      return this.settle(owner, now, await signIn.attempt(now));
    });
  }

  private settle<T>(owner: string, credential: Credential | undefined, result: Result<T>): Result<T> {
    if (result.ok) this.proven.set(owner, credentialIdentity(credential));
    else this.proven.delete(owner);
    return result;
  }
}
