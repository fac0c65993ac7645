import * as vscode from 'vscode';
import { registerGenerateChecklist } from './commands/generate-checklist';
import { registerGenerateDesign } from './commands/generate-design';
import { registerRestartServer } from './commands/restart-server';
import { registerReviewPipeline } from './commands/review-pipeline';
import { registerShowOutput } from './commands/show-output';
import { ServerController } from './server-controller';
import { StatusBar } from './status-bar';

let controller: ServerController | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Pipewise');
  const server = new ServerController(context, output);
  controller = server;
  context.subscriptions.push(
    output,
    server,
    new StatusBar(server),
    registerRestartServer(server, output, isEnabled),
    registerShowOutput(output),
    registerReviewPipeline(server),
    registerGenerateDesign(server),
    registerGenerateChecklist(server),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('pipewise.enable')) return;
      void (isEnabled() ? server.start() : server.stop());
    }),
  );
  // Not awaited: a command run during activation waits for activation to finish, and
  // "Pipewise: Show Output" must work while the server hangs on start.
  if (isEnabled()) void server.start();
}

export function deactivate(): Promise<void> | undefined {
  const server = controller;
  controller = undefined;
  return server?.stop();
}

function isEnabled(): boolean {
  return vscode.workspace.getConfiguration('pipewise').get<boolean>('enable', true);
}
