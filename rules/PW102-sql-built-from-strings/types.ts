// What PW102 carries from classifying a template to reporting it.

import type { RelatedLocation } from '../../server/src/engine/types';
import type { SqlCall } from '../../server/src/engine/knowledge';
import type { Site, SlotPiece, SqlTemplate } from '../support/sql-sources';

export interface Classified {
  slot: SlotPiece;
  kind: 'value' | 'identifier';
  offset: number;
}

export interface Pending {
  site: Site;
  sink: SqlCall;
  template: SqlTemplate;
  slots: Classified[];
  related: RelatedLocation[];
}
