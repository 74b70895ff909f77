/**
 * The sign-in gate: a credential not known to work is tried by one sign-in at a time per owner, so
 * the refusal the first records stops the others before they try; once it worked, sign-ins run side
 * by side.
 */
import * as assert from 'node:assert/strict';
import { fail, ok, type Result } from '../../../src/core/errors';
import { credentialIdentity, SignInGate, type Credential, type RefusedKeyStore } from '../../../src/core/signInGate';

/** A store of one owner's credential and a host that accepts `password`, counting its sign-ins. */
function account(password: string, stored: Credential) {
  const state = { stored, signIns: 0, running: 0, mostAtOnce: 0 };
  const signIn = {
    read: async () => state.stored,
    attempt: async (credential: Credential | undefined): Promise<Result<string>> => {
      if (!credential || credential.refusedAt !== undefined) return fail('remote-auth-failed', 'refused before');
      state.signIns++;
      state.running++;
      state.mostAtOnce = Math.max(state.mostAtOnce, state.running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      state.running--;
      if (credential.password === password) return ok('signed in');
      state.stored = { ...credential, refusedAt: Date.now() };
      return fail('remote-auth-failed', 'refused');
    },
  };
  return { state, signIn };
}

describe('SignInGate', () => {
  it('a wrong password tried by ten readers at once is one sign-in', async () => {
    const gate = new SignInGate();
    const { state, signIn } = account('right', { userName: 'admin', password: 'wrong' });
    const results = await Promise.all(Array.from({ length: 10 }, () => gate.run('cluster', signIn)));
    assert.equal(state.signIns, 1);
    assert.ok(results.every((r) => !r.ok));
  });

  it('a credential that worked signs in side by side; a new one is tried alone again', async () => {
    const gate = new SignInGate();
    const { state, signIn } = account('right', { userName: 'admin', password: 'right' });
    assert.ok((await gate.run('cluster', signIn)).ok);
    state.mostAtOnce = 0;
    await Promise.all(Array.from({ length: 4 }, () => gate.run('cluster', signIn)));
    assert.equal(state.mostAtOnce, 4, 'known good: in parallel');
    state.stored = { userName: 'admin', password: 'changed' };
    state.signIns = 0;
    await Promise.all(Array.from({ length: 4 }, () => gate.run('cluster', signIn)));
    assert.equal(state.signIns, 1, 'a new, wrong password: tried once');
  });

  it('owners do not wait for each other', async () => {
    const gate = new SignInGate();
    const a = account('right', { userName: 'a', password: 'wrong' });
    const b = account('right', { userName: 'b', password: 'wrong' });
    await Promise.all([gate.run('a', a.signIn), gate.run('b', b.signIn)]);
    assert.equal(a.state.signIns + b.state.signIns, 2);
  });

  it('identifies a credential without its password', () => {
    const id = credentialIdentity({ userName: 'admin', password: 'Geheim-1' });
    assert.match(id, /^[0-9a-f]{64}$/);
    assert.ok(!id.includes('Geheim'));
    assert.equal(credentialIdentity(undefined), 'none');
  });
});

describe('SignInGate: SSH keys a host refused', () => {
  const connection = JSON.stringify(['hv2', 22, 'hvadmin', '/keys/id']);
  const memoryStore = (): RefusedKeyStore & { saved: Record<string, number> } => {
    const store = {
      saved: {} as Record<string, number>,
      load: () => store.saved,
      update: (key: string, at: number | undefined) => {
        store.saved = { ...store.saved };
        if (at === undefined) delete store.saved[key];
        else store.saved[key] = at;
      },
    };
    return store;
  };

  it('stay refused in a new gate on the same store (a reload), until Test Connection retries them', () => {
    const store = memoryStore();
    new SignInGate(store).keyRefused(connection, 1_700_000_000_000);
    const afterReload = new SignInGate(store);
    assert.equal(afterReload.keyRefusedAt(connection), 1_700_000_000_000);
    afterReload.retryKey(connection);
    assert.equal(new SignInGate(store).keyRefusedAt(connection), undefined);
  });

  it('are recorded one by one: a gate started before another window’s refusal does not undo it', () => {
    const store = memoryStore();
    const other = JSON.stringify(['hv3', 22, 'hvadmin', '/keys/id']);
    const first = new SignInGate(store);
    new SignInGate(store).keyRefused(other, 1);
    first.keyRefused(connection, 2);
    first.retryKey(connection);
    assert.deepEqual(store.saved, { [other]: 1 });
  });

  it('ignore what the store holds that is not a time', () => {
    const store = memoryStore();
    store.saved = { [connection]: 'yesterday' as unknown as number };
    assert.equal(new SignInGate(store).keyRefusedAt(connection), undefined);
  });
});
