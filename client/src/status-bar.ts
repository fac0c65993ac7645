import * as vscode from 'vscode';
import type { ServerController, ServerStatus } from './server-controller';

const DIAGNOSTIC_SOURCE = 'pipewise';

/** Shows the server's state and, once running, the number of Pipewise findings open anywhere. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'pipewise.status',
    vscode.StatusBarAlignment.Left,
    100,
  );
  // Per-URI counts, so a change in one file does not rescan every file's diagnostics.
  private readonly counts = new Map<string, number>();
  private total = 0;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly controller: ServerController) {
    this.item.name = 'Pipewise';
    for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
      this.updateCount(uri, diagnostics);
    }
    this.subscriptions = [
      vscode.languages.onDidChangeDiagnostics(({ uris }) => {
        for (const uri of uris) this.updateCount(uri, vscode.languages.getDiagnostics(uri));
        this.render();
      }),
      controller.onDidChangeStatus(() => this.render()),
    ];
    this.render();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.item.dispose();
  }

  private updateCount(uri: vscode.Uri, diagnostics: readonly vscode.Diagnostic[]): void {
    const key = uri.toString();
    const count = diagnostics.filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE).length;
    this.total += count - (this.counts.get(key) ?? 0);
    if (count > 0) this.counts.set(key, count);
    else this.counts.delete(key);
  }

  private render(): void {
    const status: ServerStatus = this.controller.status;
    const item = this.item;
    item.backgroundColor = undefined;
    switch (status) {
      case 'stopped':
        item.hide();
        return;
      case 'starting':
        item.text = '$(sync~spin) Pipewise';
        item.tooltip = 'Pipewise server is starting…';
        item.accessibilityInformation = { label: 'Pipewise server is starting' };
        item.command = 'pipewise.showOutput';
        break;
      case 'failed':
        item.text = '$(error) Pipewise';
        item.tooltip = 'Pipewise server is not running (it failed to start or crashed). Run "Pipewise: Show Output" for details.';
        item.accessibilityInformation = { label: 'Pipewise server is not running' };
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        item.command = 'pipewise.showOutput';
        break;
      case 'running':
        item.text = `$(checklist) Pipewise: ${this.total}`;
        item.tooltip = 'Pipewise findings — click to open the Problems panel';
        item.accessibilityInformation = { label: `Pipewise: ${this.total} findings` };
        item.command = 'workbench.actions.view.problems';
        break;
    }
    item.show();
  }
}
