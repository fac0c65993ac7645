import * as vscode from 'vscode';
import { ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageclient/node';
import type { ServerController } from './server-controller';

const START_TIMEOUT_MS = 30_000;

/** Why a request could not be answered, worded for the user. */
export class RequestFailed extends Error {}

/**
 * Sends a custom request to the Pipewise server with a cancellable progress notification, waiting
 * for a server that is still starting. Resolves undefined when the user cancels.
 */
export async function requestWithProgress<R>(controller: ServerController, title: string, method: string, params: unknown): Promise<R | undefined> {
  const client = await runningClient(controller);
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
    try {
      return await client.sendRequest<R>(method, params, token);
    } catch (error) {
      if (token.isCancellationRequested || (error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled)) return undefined;
      throw error;
    }
  });
}

/** The message of an error the server returned for bad input (invalid params), or undefined. */
export function invalidParamsOf(error: unknown): ResponseError<unknown> | undefined {
  return error instanceof ResponseError && error.code === ErrorCodes.InvalidParams ? error : undefined;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function runningClient(controller: ServerController) {
  if (controller.status === 'stopped') throw new RequestFailed('Pipewise is disabled. Set "pipewise.enable" to true to start its server.');
  const client = controller.runningClient;
  if (client) return client;
  if (controller.status === 'failed') throw new RequestFailed('the Pipewise server is not running. Run "Pipewise: Restart Server" or "Pipewise: Show Output" for details.');
  return new Promise<NonNullable<typeof controller.runningClient>>((resolve, reject) => {
    const timer = setTimeout(() => finish(new RequestFailed('the Pipewise server did not start in time.')), START_TIMEOUT_MS);
    const subscription = controller.onDidChangeStatus(() => {
      if (controller.runningClient) finish();
      else if (controller.status !== 'starting') finish(new RequestFailed('the Pipewise server is not running. Run "Pipewise: Show Output" for details.'));
    });
    function finish(error?: Error) {
      clearTimeout(timer);
      subscription.dispose();
      const ready = controller.runningClient;
      if (error || !ready) reject(error ?? new RequestFailed('the Pipewise server is not running.'));
      else resolve(ready);
    }
  });
}
