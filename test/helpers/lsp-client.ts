// A small LSP client for tests and benchmarks: spawns a server over stdio and speaks JSON-RPC with
// Content-Length framing. It answers the server's requests (workspace/configuration,
// client/registerCapability, window/showDocument, window/workDoneProgress/create,
// workspace/applyEdit) and records every notification so tests can wait for them.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

type RequestHandler = (params: unknown) => unknown;

interface Message {
  jsonrpc: '2.0';
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

export interface Notification {
  method: string;
  params: unknown;
  /** Milliseconds since the client started (performance.now()). */
  receivedAt: number;
}

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: Array<{
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    severity?: number;
    code?: string | number;
    source?: string;
    message: string;
    codeDescription?: { href: string };
    relatedInformation?: unknown[];
    data?: unknown;
  }>;
}

export interface LspClientOptions {
  /** Arguments after `node`, e.g. ['dist/server.js', '--stdio']. */
  args: string[];
  cwd?: string;
  /** Extra node flags (e.g. --cpu-prof). */
  nodeArgs?: string[];
  env?: NodeJS.ProcessEnv;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** A request the server answered with an error: its JSON-RPC code and data kept for assertions. */
export class LspResponseError extends Error {
  constructor(
    method: string,
    readonly code: number,
    message: string,
    readonly data: unknown,
  ) {
    super(`${method}: ${message}`);
    this.name = 'LspResponseError';
  }
}

export class LspClient {
  readonly notifications: Notification[] = [];
  /** Requests the server sent to the client, in order. */
  readonly serverRequests: Array<{ method: string; params: unknown }> = [];
  stderr = '';
  /** What the server answered to `initialize`. */
  serverCapabilities: Record<string, unknown> = {};
  readonly exited: Promise<number | null>;

  private readonly process: ChildProcessWithoutNullStreams;
  private buffer: Buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void; method: string }>();
  private readonly handlers = new Map<string, RequestHandler>();
  private readonly waiters = new Set<{ test(n: Notification): boolean; resolve(n: Notification): void }>();
  private exitCode: number | null | undefined;

  constructor(options: LspClientOptions) {
    this.process = spawn(process.execPath, [...(options.nodeArgs ?? []), ...options.args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.process.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.process.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    this.process.stdin.on('error', () => {
      // The server exited; pending requests are rejected below.
    });
    this.exited = new Promise((resolve) => {
      this.process.on('exit', (code) => {
        this.exitCode = code;
        for (const { reject, method } of this.pending.values()) reject(new Error(`server exited (${code}) before answering ${method}\n${this.stderr}`));
        this.pending.clear();
        resolve(code);
      });
    });
    this.onRequest('client/registerCapability', () => null);
    this.onRequest('client/unregisterCapability', () => null);
    this.onRequest('window/workDoneProgress/create', () => null);
    this.onRequest('window/showDocument', () => ({ success: true }));
    this.onRequest('window/showMessageRequest', () => null);
    this.onRequest('workspace/applyEdit', () => ({ applied: true }));
    this.onRequest('workspace/configuration', (params) => ((params as { items: unknown[] }).items ?? []).map(() => null));
  }

  get isRunning(): boolean {
    return this.exitCode === undefined;
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  /** Answers the server's `method` requests with `handler` (replacing the default answer). */
  onRequest(method: string, handler: RequestHandler): void {
    this.handlers.set(method, handler);
  }

  request<T = unknown>(method: string, params: unknown, timeoutMs = 10_000): Promise<T> {
    const id = this.nextId++;
    const answer = new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} timed out after ${timeoutMs} ms\n${this.stderr}`));
      }, timeoutMs);
      this.pending.set(id, {
        method,
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
    this.send({ jsonrpc: '2.0', id, method, params });
    return answer;
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** The first notification (already received or still to come) that matches. */
  waitForNotification(method: string, predicate: (params: unknown) => boolean = () => true, timeoutMs = 10_000, since = 0): Promise<Notification> {
    const test = (n: Notification) => n.method === method && predicate(n.params);
    const found = this.notifications.slice(since).find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = {
        test,
        resolve: (n: Notification) => {
          clearTimeout(timer);
          resolve(n);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no ${method} notification matched within ${timeoutMs} ms\n${this.stderr}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Diagnostics published for `uri` (for `version` when given). */
  async waitForDiagnostics(uri: string, version?: number, timeoutMs = 10_000, since = 0): Promise<PublishedDiagnostics> {
    const notification = await this.waitForNotification(
      'textDocument/publishDiagnostics',
      (params) => {
        const published = params as PublishedDiagnostics;
        return published.uri === uri && (version === undefined || published.version === version);
      },
      timeoutMs,
      since,
    );
    return notification.params as PublishedDiagnostics;
  }

  /** The latest diagnostics published for `uri`, if any. */
  latestDiagnostics(uri: string): PublishedDiagnostics | undefined {
    for (let i = this.notifications.length - 1; i >= 0; i--) {
      const n = this.notifications[i];
      if (n.method === 'textDocument/publishDiagnostics' && (n.params as PublishedDiagnostics).uri === uri) return n.params as PublishedDiagnostics;
    }
    return undefined;
  }

  /** Lines the server logged (window/logMessage). */
  logMessages(): string[] {
    return this.notifications.filter((n) => n.method === 'window/logMessage').map((n) => (n.params as { message: string }).message);
  }

  async initialize(params: Record<string, unknown> = {}): Promise<{ capabilities: Record<string, unknown> }> {
    const result = await this.request<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      ...params,
    });
    this.serverCapabilities = result.capabilities;
    this.notify('initialized', {});
    return result;
  }

  /** shutdown + exit; resolves with the server's exit code (killing it if it hangs). */
  async shutdown(timeoutMs = 5_000): Promise<number | null> {
    if (!this.isRunning) return this.exitCode ?? null;
    try {
      await this.request('shutdown', null, timeoutMs);
      this.notify('exit', null);
    } catch {
      // Fall through to the kill below.
    }
    const timer = setTimeout(() => this.process.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  /** Sends a message body as given, e.g. bytes that are not valid UTF-8. */
  sendRawBody(body: Buffer): void {
    if (!this.isRunning) return;
    this.process.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  private send(message: Message): void {
    this.sendRawBody(Buffer.from(JSON.stringify(message), 'utf8'));
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const headerEnd = this.buffer.indexOf(HEADER_END);
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const match = /Content-Length:\s*(\d+)/i.exec(header);
      if (!match) throw new Error(`bad header from server: ${header}`);
      const length = Number(match[1]);
      const start = headerEnd + HEADER_END.length;
      if (this.buffer.length < start + length) return;
      const body = this.buffer.subarray(start, start + length).toString('utf8');
      this.buffer = this.buffer.subarray(start + length);
      this.dispatch(JSON.parse(body) as Message);
    }
  }

  private dispatch(message: Message): void {
    if (message.method !== undefined && message.id !== undefined && message.id !== null) {
      void this.answer(message.id, message.method, message.params);
    } else if (message.method !== undefined) {
      const notification = { method: message.method, params: message.params, receivedAt: performance.now() };
      this.notifications.push(notification);
      for (const waiter of [...this.waiters]) {
        if (waiter.test(notification)) {
          this.waiters.delete(waiter);
          waiter.resolve(notification);
        }
      }
    } else if (typeof message.id === 'number') {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.error) pending.reject(new LspResponseError(pending.method, message.error.code, message.error.message, message.error.data));
      else pending.resolve(message.result);
    }
  }

  private async answer(id: number | string, method: string, params: unknown): Promise<void> {
    this.serverRequests.push({ method, params });
    const handler = this.handlers.get(method);
    if (!handler) {
      this.send({ jsonrpc: '2.0', id, error: { code: -32601, message: `unhandled method ${method}` } });
      return;
    }
    try {
      const result = await handler(params);
      this.send({ jsonrpc: '2.0', id, result: result === undefined ? null : result });
    } catch (error) {
      this.send({ jsonrpc: '2.0', id, error: { code: -32603, message: String(error) } });
    }
  }
}
