// Every LSP handler runs through `guard`: one bad document or rule must not take the server down,
// so an exception is logged and the handler answers with a harmless fallback instead.

import { describeError, type Logger } from './logger';

export function guard<A extends unknown[], R>(logger: Logger, name: string, fallback: R, handler: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (error) {
      logger.error(`${name} failed: ${describeError(error)}`);
      return fallback;
    }
  };
}

/** Keeps the process alive on errors that escape every handler (timers, stray promises). */
export function installProcessGuards(logger: Logger): void {
  let reporting = false;
  const report = (kind: string, error: unknown) => {
    if (reporting) return;
    reporting = true;
    try {
      logger.error(`${kind}: ${describeError(error)}`);
    } finally {
      reporting = false;
    }
  };
  process.on('uncaughtException', (error) => report('uncaught exception', error));
  process.on('unhandledRejection', (reason) => report('unhandled rejection', reason));
}
