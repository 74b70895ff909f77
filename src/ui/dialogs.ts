/**
 * The one way the extension asks before something that loses what nothing brings back: a guest's
 * unsaved work, a Saved VM's memory, stored credentials. VS Code makes the first button of a modal
 * dialog its default (Enter) and focuses it, so the answer that loses nothing comes first and the
 * destructive one never does; Escape and Cancel choose neither.
 */
import * as vscode from 'vscode';

export interface DestructiveQuestion {
  readonly message: string;
  /** What each answer does; VS Code shows it under the message. */
  readonly detail: string;
  /** The answer that loses nothing: the default, focused button. */
  readonly safe: string;
  /** The answer that loses something, named by what it does. */
  readonly destructive: string;
  /** Further harmless answers, after the destructive one (Copy PowerShell). */
  readonly others?: readonly string[];
}

/** The title of the button chosen, or undefined for Escape / Cancel. */
export async function confirmDestructive(question: DestructiveQuestion): Promise<string | undefined> {
  return vscode.window.showWarningMessage(
    question.message,
    { modal: true, detail: question.detail },
    question.safe,
    question.destructive,
    ...(question.others ?? []),
  );
}
