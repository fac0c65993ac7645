import * as vscode from 'vscode';

export const SHOW_OUTPUT_COMMAND = 'pipewise.showOutput';

export function registerShowOutput(output: vscode.OutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(SHOW_OUTPUT_COMMAND, () => output.show(true));
}
