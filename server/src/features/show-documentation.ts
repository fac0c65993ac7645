// The `pipewise.showDocumentation` command: opens a rule's page (window/showDocument), or tells
// its URL when the client cannot open documents.

import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver/node';
import { docsUrl } from '../engine/docs';
import type { ClientFeatures } from './client-features';
import type { DocumentLinter } from './lint';
import type { Logger } from './logger';
import type { SettingsStore } from './settings';

export const SHOW_DOCUMENTATION_COMMAND = 'pipewise.showDocumentation';

export class ShowDocumentationCommand {
  constructor(
    private readonly connection: Connection,
    private readonly settings: SettingsStore,
    private readonly linter: DocumentLinter,
    private readonly features: ClientFeatures,
    private readonly logger: Logger,
  ) {}

  async execute(args: readonly unknown[] | undefined): Promise<void> {
    const ruleId = args?.[0];
    const meta = typeof ruleId === 'string' ? this.linter.metaOf(ruleId) : undefined;
    if (!meta) {
      this.logger.warn(`${SHOW_DOCUMENTATION_COMMAND}: unknown rule ${JSON.stringify(ruleId)}`);
      return;
    }
    const { docsBaseUrl } = await this.settings.clientSettings(null);
    const url = docsUrl(meta, docsBaseUrl);
    if (!url) {
      await this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `Pipewise ${meta.id} (${meta.title}): ${meta.rationale} ${meta.recommendation}` });
      return;
    }
    if (this.features.showDocument) {
      const result = await this.connection.window.showDocument({ uri: url, external: docsBaseUrl !== null });
      if (result.success) return;
    }
    // A notification, not window/showMessageRequest: there is nothing to answer.
    const message = `Pipewise ${meta.id} (${meta.title}): ${url}`;
    await this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message });
  }
}
