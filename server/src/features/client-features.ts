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

export function readClientFeatures(capabilities: ClientCapabilities): ClientFeatures {
  const workspace = capabilities.workspace;
  return {
    configuration: workspace?.configuration === true,
    configurationRegistration: workspace?.didChangeConfiguration?.dynamicRegistration === true,
    watchedFilesRegistration: workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    workspaceFolders: workspace?.workspaceFolders === true,
    documentChanges: workspace?.workspaceEdit?.documentChanges === true,
    createFiles: workspace?.workspaceEdit?.resourceOperations?.includes('create') === true,
    showDocument: capabilities.window?.showDocument?.support === true,
    pullDiagnostics: capabilities.textDocument?.diagnostic !== undefined,
    diagnosticRefresh: workspace?.diagnostics?.refreshSupport === true,
  };
}
