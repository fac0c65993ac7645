// Pipewise language server: LSP wiring only. What is wrong and how to fix it is decided by the
// engine; the modules in features/ adapt it to the protocol. Started by VS Code over node-ipc and
// by any other client as `node dist/server.js --stdio`.

import {
  type DocumentDiagnosticReport,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { Engine } from './engine/engine';
import { initPythonParser } from './engine/python/parser';
import { ALL_RULES } from '../../rules/index';
import { readClientFeatures, type ClientFeatures } from './features/client-features';
import { CODE_ACTION_KINDS, CodeActionProvider } from './features/code-actions';
import { DiagnosticsService } from './features/diagnostics';
import { DiagnosticsHub } from './features/diagnostics-hub';
import { DocumentStore } from './features/documents';
import { createServerConnection } from './features/server-connection';
import { PulledDiagnostics } from './features/pulled-diagnostics';
import { guard, installProcessGuards } from './features/guard';
import { HoverProvider } from './features/hover';
import { DocumentLinter } from './features/lint';
import { createLogger, describeError } from './features/logger';
import { ProjectConfigCache } from './features/project-configs';
import { ReportRequests } from './features/report-requests';
import { SettingsStore } from './features/settings';
import { SHOW_DOCUMENTATION_COMMAND, ShowDocumentationCommand } from './features/show-documentation';
import { WorkspaceService } from './features/workspace';
import { WorkspaceFolders } from './features/workspace-folders';
import { NOTEBOOK_SELECTOR, NotebookService } from './features/notebooks';
import { NotebookCodeActions } from './features/notebook-actions';
import { PipelineEditing } from './features/yaml-pipeline';
import { WATCHED_FILES } from './features/watched-files';


const connection: Connection = createServerConnection();
const logger = createLogger(connection);
installProcessGuards(logger);

const folders = new WorkspaceFolders();
const documents = new DocumentStore(logger);
const settings = new SettingsStore(connection, logger, folders, new ProjectConfigCache());
const linter = new DocumentLinter(ALL_RULES, logger);
const hub = new DiagnosticsHub(connection, documents, linter, logger);
const diagnostics = new DiagnosticsService(hub, documents, settings, linter, logger);
const workspace = new WorkspaceService(connection, documents, settings, folders, hub, diagnostics, ALL_RULES, logger);
// Jupyter notebooks: Python cells synced with notebookDocument/*, linted as one module per notebook.
const notebooks = new NotebookService(connection, settings, linter, ALL_RULES, (rules) => Engine.create(rules), logger);
notebooks.onOpenChanged = (uri, filePath, open) => {
  if (open) hub.setOpenElsewhere(uri, filePath, true);
  else void settings.get(uri).then((current) => hub.setOpenElsewhere(uri, filePath, false, current), (error: unknown) => logger.error(`settings for ${filePath}: ${describeError(error)}`));
};
notebooks.listen();
const pipelines = new PipelineEditing(documents, logger);
const features: ClientFeatures = readClientFeatures({});
let engine: Promise<Engine> | undefined;
const fixEngine = () => (engine ??= Engine.create(ALL_RULES));

connection.onInitialize(
  guard(logger, 'initialize', { capabilities: {} }, async (params: InitializeParams): Promise<InitializeResult> => {
    Object.assign(features, readClientFeatures(params.capabilities, params.initializationOptions));
    folders.initialize(params);
    workspace.initialize(params);
    settings.setPullSupported(features.configuration);
    if (features.pullDiagnostics) hub.pullOpenDocuments(new PulledDiagnostics(features.diagnosticRefresh ? () => connection.languages.diagnostics.refresh() : null));
    try {
      await initPythonParser();
    } catch (error) {
      // YAML and config files can still be linted.
      logger.error(`Python parser unavailable, Python files will not be analysed: ${describeError(error)}`);
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        notebookDocumentSync: { notebookSelector: NOTEBOOK_SELECTOR },
        codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
        // Offered to clients that pull; others get publishDiagnostics. Files that are not open are pushed either way.
        ...(features.pullDiagnostics ? { diagnosticProvider: { identifier: 'pipewise', interFileDependencies: true, workspaceDiagnostics: false } } : {}),
        hoverProvider: true,
        definitionProvider: true,
        documentSymbolProvider: true,
        completionProvider: { triggerCharacters: [] },
        executeCommandProvider: { commands: [SHOW_DOCUMENTATION_COMMAND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'pipewise' },
    };
  }),
);

/** The `pipewise.memory.*` limits are the window's settings (one process holds every open document). */
function applyMemoryLimits(): void {
  settings.clientSettings(null).then(
    (client) => documents.setLimits(client.memory),
    (error: unknown) => logger.error(`reading the memory settings failed: ${describeError(error)}`),
  );
}

connection.onInitialized(
  guard(logger, 'initialized', undefined, async () => {
    applyMemoryLimits();
    // In the background: requests are answered while the workspace is analysed.
    workspace.start();
    if (features.configurationRegistration) await connection.client.register(DidChangeConfigurationNotification.type, { section: 'pipewise' });
    if (features.watchedFilesRegistration) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_FILES.map((globPattern) => ({ globPattern })) });
    }
    if (features.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(
        guard(logger, 'didChangeWorkspaceFolders', undefined, (event) => {
          folders.change(event);
          settings.invalidateAll();
          diagnostics.lintAll();
          workspace.foldersChanged();
        }),
      );
    }
  }),
);

connection.languages.diagnostics.on(
  guard(logger, 'textDocument/diagnostic', { kind: 'full', items: [] } as DocumentDiagnosticReport, (params) => diagnostics.pull(params.textDocument.uri, params.previousResultId)),
);

connection.onDidOpenTextDocument(guard(logger, 'didOpen', undefined, (params) => documents.open(params)));
connection.onDidChangeTextDocument(guard(logger, 'didChange', undefined, (params) => documents.change(params)));
connection.onDidCloseTextDocument(guard(logger, 'didClose', undefined, (params) => documents.close(params.textDocument.uri)));
connection.onDidSaveTextDocument(guard(logger, 'didSave', undefined, (params) => documents.save(params.textDocument.uri)));

connection.onDidChangeConfiguration(
  guard(logger, 'didChangeConfiguration', undefined, (params) => {
    settings.configurationChanged(params.settings);
    applyMemoryLimits();
    diagnostics.lintAll();
    notebooks.lintAll();
    workspace.settingsChanged();
  }),
);

connection.onDidChangeWatchedFiles(
  guard(logger, 'didChangeWatchedFiles', undefined, (params) => {
    if (settings.watchedFilesChanged(params.changes)) {
      diagnostics.lintAll();
      workspace.settingsChanged();
    }
    void workspace.filesChanged(params.changes);
  }),
);

const codeActions = new CodeActionProvider(documents, hub.published, settings, linter, ALL_RULES, fixEngine, features, logger, (doc) => diagnostics.reattach(doc));
const notebookActions = new NotebookCodeActions(notebooks, documents, settings, features, logger);
connection.onCodeAction(guard(logger, 'codeAction', [], (params) => (notebooks.handles(params.textDocument.uri) ? notebookActions.provide(params) : codeActions.provide(params))));

const hover = new HoverProvider(documents, diagnostics, linter, hub.published, pipelines);
connection.onHover(guard(logger, 'hover', null, (params) => hover.provide(params)));

const showDocumentation = new ShowDocumentationCommand(connection, settings, linter, features, logger);
connection.onExecuteCommand(
  guard(logger, 'executeCommand', null, async (params) => {
    if (params.command === SHOW_DOCUMENTATION_COMMAND) await showDocumentation.execute(params.arguments);
    return null;
  }),
);

new ReportRequests(logger).register(connection);

connection.onDefinition(guard(logger, 'definition', null, (params) => pipelines.definition(params)));
connection.onDocumentSymbol(guard(logger, 'documentSymbol', [], (params) => pipelines.documentSymbols(params)));
connection.onCompletion(guard(logger, 'completion', [], (params) => pipelines.completion(params)));

connection.onShutdown(
  guard(logger, 'shutdown', undefined, async () => {
    workspace.dispose();
    documents.dispose();
    notebooks.dispose();
    if (engine) (await engine).dispose();
  }),
);

connection.listen();
