/** The SSH keys hosts refused, kept in VS Code's global state, which every window shares. */
import type * as vscode from 'vscode';
import type { RefusedKeyStore } from '../core/signInGate';

/** Global state key of the refusals (connections only: address, port, user, key file; never a key). */
const REFUSED_KEYS = 'gpupv.refusedSshKeys';

export function refusedKeysIn(state: vscode.Memento): RefusedKeyStore {
  return {
    load: () => state.get<Record<string, number>>(REFUSED_KEYS, {}),
    update: (connection, refusedAt) => {
      // Read now, not when this window started: another window may have recorded a refusal since.
      const refused = { ...state.get<Record<string, number>>(REFUSED_KEYS, {}) };
      if (refusedAt === undefined) delete refused[connection];
      else refused[connection] = refusedAt;
      void state.update(REFUSED_KEYS, refused);
    },
  };
}
