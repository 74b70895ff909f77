/**
 * A user name and password as both credential stores keep them in VS Code's SecretStorage: one JSON
 * value per key. Anything unreadable there counts as no credential, so the user is simply asked again.
 * A credential the machine refused keeps the time of the refusal, and is not offered again until it
 * is replaced: an account lockout policy counts every refused sign-in.
 */
import type * as vscode from 'vscode';
import { z } from 'zod/v4';
import type { Credential } from '../core/signInGate';

export type StoredCredential = Credential;

const stored = z.object({ userName: z.string().min(1), password: z.string(), refusedAt: z.number().optional() });

export async function readCredential(secrets: vscode.SecretStorage, key: string): Promise<StoredCredential | undefined> {
  const text = await secrets.get(key);
  if (!text) return undefined;
  try {
    const parsed = stored.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function writeCredential(secrets: vscode.SecretStorage, key: string, credential: StoredCredential): Promise<void> {
  const { userName, password, refusedAt } = credential;
  await secrets.store(key, JSON.stringify(refusedAt === undefined ? { userName, password } : { userName, password, refusedAt }));
}

/**
 * Records that `credential` was refused, unless the stored one was replaced meanwhile (a new password
 * set while the refused sign-in was under way is not marked). True when it was marked.
 */
export async function markRefused(secrets: vscode.SecretStorage, key: string, credential: StoredCredential): Promise<boolean> {
  const current = await readCredential(secrets, key);
  if (!current || current.userName !== credential.userName || current.password !== credential.password) return false;
  if (current.refusedAt !== undefined) return false;
  await writeCredential(secrets, key, { ...current, refusedAt: Date.now() });
  return true;
}
