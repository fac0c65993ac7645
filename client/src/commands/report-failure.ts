import * as vscode from 'vscode';
import { describeError } from '../server-requests';

/** Tells the user a report command failed (details stay in the Pipewise output channel). */
export function reportFailure(what: string, error: unknown): void {
  void vscode.window.showErrorMessage(`Pipewise could not ${what}: ${describeError(error)}`);
}
