/**
 * A user name and password as both credential stores keep them in VS Code's SecretStorage: one JSON
 * value per key. Anything unreadable there counts as no credential, so the user is simply asked again.
 */
import type * as vscode from 'vscode';
import { z } from 'zod/v4';

export interface StoredCredential {
  readonly userName: string;
  readonly password: string;
}

const stored = z.object({ userName: z.string().min(1), password: z.string() });

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
