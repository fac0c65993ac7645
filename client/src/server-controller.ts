import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient, type ClientHandle } from './language-client';
import { log } from './log';

export type ServerStatus = 'stopped' | 'starting' | 'running' | 'failed';

/**
 * Owns the language client's lifecycle. Start, stop and restart run one at a time because
 * vscode-languageclient throws when stopped while starting; a fresh client is made for every
 * start because one whose start failed can never be started again.
 */
export class ServerController implements vscode.Disposable {
  private handle: ClientHandle | undefined;
  private stateListener: vscode.Disposable | undefined;
  private pending: Promise<void> = Promise.resolve();
  private currentStatus: ServerStatus = 'stopped';
  private readonly statusEmitter = new vscode.EventEmitter<ServerStatus>();
  readonly onDidChangeStatus = this.statusEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.OutputChannel,
  ) {}

  get status(): ServerStatus {
    return this.currentStatus;
  }

  /** The language client while the server runs, for custom requests. */
  get runningClient(): LanguageClient | undefined {
    return this.currentStatus === 'running' ? this.handle?.client : undefined;
  }

  start(): Promise<void> {
    return this.serialize(() => this.startNow());
  }

  stop(): Promise<void> {
    return this.serialize(() => this.stopNow());
  }

  restart(): Promise<void> {
    return this.serialize(async () => {
      const previous = this.handle?.client;
      if (previous !== undefined) {
        await this.discardClient();
        log(this.output, 'Info', 'Pipewise server stopped.');
        // The next server would fail to open the inspector port the old one still holds.
        if (previous.isInDebugMode) await delay(1000);
      }
      await this.startNow();
    });
  }

  dispose(): void {
    void this.stop();
    this.statusEmitter.dispose();
  }

  private serialize(operation: () => Promise<void>): Promise<void> {
    const next = this.pending
      .then(operation)
      .catch((error: unknown) => log(this.output, 'Error', `Pipewise server: ${describe(error)}`));
    this.pending = next;
    return next;
  }

  private async startNow(): Promise<void> {
    if (this.handle?.client.needsStop()) return;
    await this.discardClient();
    const handle = createLanguageClient(this.context, this.output);
    this.handle = handle;
    this.stateListener = handle.client.onDidChangeState(({ newState }) => {
      if (this.handle === handle) this.setStatus(statusOf(newState));
    });
    this.setStatus('starting');
    try {
      await handle.client.start();
      log(this.output, 'Info', 'Pipewise server started.');
    } catch (error) {
      log(this.output, 'Error', `Pipewise server failed to start: ${describe(error)}`);
      // Kills a server process that spawned but never initialised.
      await this.discardClient();
      this.setStatus('failed');
    }
  }

  private async stopNow(): Promise<void> {
    const hadClient = this.handle !== undefined;
    await this.discardClient();
    this.setStatus('stopped');
    if (hadClient) log(this.output, 'Info', 'Pipewise server stopped.');
  }

  private async discardClient(): Promise<void> {
    const handle = this.handle;
    if (handle === undefined) return;
    this.handle = undefined;
    this.stateListener?.dispose();
    this.stateListener = undefined;
    const { client } = handle;
    try {
      // A crashed server may be auto-restarting; a client cannot be stopped mid-start.
      if (client.state === State.Starting) await client.start().catch(() => undefined);
      await client.dispose();
    } catch {
      // A client that never ran refuses to stop; disposing it still ends its process.
    } finally {
      handle.dispose();
    }
  }

  private setStatus(status: ServerStatus): void {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    this.statusEmitter.fire(status);
  }
}

function statusOf(state: State): ServerStatus {
  switch (state) {
    case State.Starting:
      return 'starting';
    case State.Running:
      return 'running';
    case State.Stopped:
      // Requested stops detach the client before it stops, so only crashes get here.
      return 'failed';
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
