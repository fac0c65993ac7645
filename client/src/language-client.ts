import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type DocumentSelector,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { WATCHED_FILES } from '../../server/src/features/watched-files';

export const CLIENT_ID = 'pipewise';
export const CLIENT_NAME = 'Pipewise';

/** What the server receives as `InitializeParams.initializationOptions`. */
export interface PipewiseInitializationOptions {
  extensionPath: string;
}

export const DOCUMENT_SELECTOR: DocumentSelector = [
  { scheme: 'file', language: 'python' },
  { scheme: 'file', language: 'yaml' },
  { scheme: 'file', language: 'ini' },
  { scheme: 'file', language: 'toml' },
  { scheme: 'file', language: 'dotenv' },
  { scheme: 'file', language: 'properties' },
  // Config files keep whatever language id another extension gave them; match them by name too.
  { scheme: 'file', pattern: '**/*.{ini,cfg,toml}' },
  { scheme: 'file', pattern: '**/.env' },
  { scheme: 'file', pattern: '**/.env.*' },
  { scheme: 'file', pattern: '**/*.env' },
  // Templated config is read as what it renders to; key files only for private keys (PW101).
  { scheme: 'file', pattern: '**/*.{yml,yaml,ini,cfg,toml,env}.{j2,jinja,jinja2,tpl,tmpl,template}' },
  { scheme: 'file', pattern: '**/*.{pem,key,p8}' },
  { scheme: 'file', pattern: '**/id_{rsa,dsa,ecdsa,ed25519}' },
  { scheme: 'untitled', language: 'python' },
  { scheme: 'untitled', language: 'yaml' },
  // Python cells of Jupyter notebooks: the server declares notebookDocumentSync for them, so the
  // client sends them with notebookDocument/* (not as text documents) and asks for their code actions.
  { notebook: { notebookType: 'jupyter-notebook' }, language: 'python' },
];


export interface ClientHandle extends vscode.Disposable {
  readonly client: LanguageClient;
}

export function createLanguageClient(
  context: vscode.ExtensionContext,
  outputChannel: vscode.OutputChannel,
): ClientHandle {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6009'] },
    },
  };
  const watchers = WATCHED_FILES.map((glob) => vscode.workspace.createFileSystemWatcher(glob));
  const initializationOptions: PipewiseInitializationOptions = { extensionPath: context.extensionPath };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { fileEvents: watchers },
    outputChannel,
    traceOutputChannel: outputChannel,
    initializationOptions,
  };
  const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  return {
    client,
    dispose: () => {
      for (const watcher of watchers) watcher.dispose();
    },
  };
}
