// The client capabilities the server adapts to, read once from `initialize`.

import type { ClientCapabilities } from 'vscode-languageserver/node';

export interface ClientFeatures {
  /** workspace/configuration can be asked; otherwise settings come with didChangeConfiguration. */
  configuration: boolean;
  configurationRegistration: boolean;
  watchedFilesRegistration: boolean;
  workspaceFolders: boolean;
  /** WorkspaceEdit.documentChanges (versioned edits) is understood. */
  documentChanges: boolean;
  createFiles: boolean;
  showDocument: boolean;
  /** textDocument/diagnostic: the client pulls open documents' diagnostics. */
  pullDiagnostics: boolean;
  /** workspace/diagnostic/refresh can be sent. */
  diagnosticRefresh: boolean;
}

/**
 * `initializationOptions.diagnostics: 'push'` keeps a pull-capable client on pushed diagnostics
 * (the VS Code extension asks for it: its pull client serves only documents visible in a tab).
 */
export function readClientFeatures(capabilities: ClientCapabilities, initializationOptions?: unknown): ClientFeatures {
  const prefersPush = typeof initializationOptions === 'object' && initializationOptions !== null && (initializationOptions as { diagnostics?: unknown }).diagnostics === 'push';
  const workspace = capabilities.workspace;
  return {
    configuration: workspace?.configuration === true,
    configurationRegistration: workspace?.didChangeConfiguration?.dynamicRegistration === true,
    watchedFilesRegistration: workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    workspaceFolders: workspace?.workspaceFolders === true,
    documentChanges: workspace?.workspaceEdit?.documentChanges === true,
    createFiles: workspace?.workspaceEdit?.resourceOperations?.includes('create') === true,
    showDocument: capabilities.window?.showDocument?.support === true,
    pullDiagnostics: capabilities.textDocument?.diagnostic !== undefined && !prefersPush,
    diagnosticRefresh: workspace?.diagnostics?.refreshSupport === true,
  };
}
