// The server's LSP connection, over the transport its command line names (vscode-languageserver
// reads `--node-ipc`, `--stdio`, `--socket`, `--pipe`). Over stdio, messages are written with
// diagnostic-json.ts' encoder: a keystroke's publishDiagnostics is put together from each
// diagnostic's kept JSON instead of serialising hundreds of kilobytes again.

import { inspect } from 'node:util';
import { createConnection, ProposedFeatures, StreamMessageWriter, type Connection, type MessageReader } from 'vscode-languageserver/node';
import { DIAGNOSTICS_JSON_ENCODER } from './diagnostic-json';

const TRANSPORT = /^--(node-ipc|stdio|socket|pipe)(=|$)/;

export function createServerConnection(argv: readonly string[] = process.argv): Connection {
  if (argv.slice(2).find((arg) => TRANSPORT.test(arg)) !== '--stdio') return createConnection(ProposedFeatures.all);
  const writer = new StreamMessageWriter(process.stdout, { contentTypeEncoder: DIAGNOSTICS_JSON_ENCODER });
  // stdin as a stream, as `--stdio` gives it: the connection reads it and ends the process when it closes.
  const connection = createConnection(ProposedFeatures.all, process.stdin as unknown as MessageReader, writer);
  routeConsoleToClient(connection);
  return connection;
}

/**
 * What vscode-languageserver does for `--stdio`: stdout carries the protocol, so console output
 * goes to the client's log instead.
 */
function routeConsoleToClient(connection: Connection): void {
  const text = (args: unknown[]) => args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg))).join(' ');
  console.log = (...args: unknown[]) => connection.console.log(text(args));
  console.info = (...args: unknown[]) => connection.console.info(text(args));
  console.debug = (...args: unknown[]) => connection.console.log(text(args));
  console.dir = (arg: unknown, options?: object) => connection.console.log(inspect(arg, options));
  console.warn = (...args: unknown[]) => connection.console.warn(text(args));
  console.error = (...args: unknown[]) => connection.console.error(text(args));
  console.trace = (...args: unknown[]) => connection.console.log(`Trace${args.length ? `: ${text(args)}` : ''}\n${new Error().stack?.replace(/(.+\n){2}/, '') ?? ''}`);
}
