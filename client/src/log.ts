import type * as vscode from 'vscode';

export type LogLevel = 'Info' | 'Warn' | 'Error';

// Same line shape as vscode-languageclient's own messages, so the shared channel reads as one log.
export function log(channel: vscode.OutputChannel, level: LogLevel, message: string): void {
  channel.appendLine(`[${level.padEnd(5)} - ${new Date().toLocaleTimeString()}] ${message}`);
}
