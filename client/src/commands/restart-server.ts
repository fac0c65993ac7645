import * as vscode from 'vscode';
import { log } from '../log';
import type { ServerController } from '../server-controller';

export const RESTART_SERVER_COMMAND = 'pipewise.restartServer';

export function registerRestartServer(
  controller: ServerController,
  output: vscode.OutputChannel,
  isEnabled: () => boolean,
): vscode.Disposable {
  return vscode.commands.registerCommand(RESTART_SERVER_COMMAND, async () => {
    if (!isEnabled()) {
      log(output, 'Info', 'Restart skipped: Pipewise is disabled ("pipewise.enable": false).');
      void vscode.window.showInformationMessage(
        'Pipewise is disabled. Set "pipewise.enable" to true to start its server.',
      );
      return;
    }
    log(output, 'Info', 'Restarting the Pipewise server…');
    await controller.restart();
  });
}
