// Server log lines go to the client's output channel through the connection console. Problems a
// user must act on (a broken pipewise.toml) are also shown once per distinct message.

import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver/node';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Logs an error and shows it to the user, once per distinct message. */
  reportOnce(message: string): void;
  /** Logs an error once per distinct message (for problems that repeat on every keystroke). */
  errorOnce(message: string): void;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

export function createLogger(connection: Connection): Logger {
  const reported = new Set<string>();
  const logged = new Set<string>();
  // Logging must never throw: it runs inside the process-level error handlers.
  const write = (send: (message: string) => void, message: string) => {
    try {
      send(message);
    } catch {
      // The connection is gone; nothing left to tell.
    }
  };
  const error = (message: string) => write((m) => connection.console.error(m), message);
  return {
    info: (message) => write((m) => connection.console.info(m), message),
    warn: (message) => write((m) => connection.console.warn(m), message),
    error,
    errorOnce(message) {
      if (logged.has(message)) return;
      logged.add(message);
      error(message);
    },
    reportOnce(message) {
      if (reported.has(message)) return;
      reported.add(message);
      error(message);
      const show = (m: string) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message: `Pipewise: ${m}` }).catch(() => undefined);
      write(show, message);
    },
  };
}
