// What PW102 carries from classifying a template to reporting it.

import type { RelatedLocation } from '../../server/src/engine/types';
import type { SqlCall } from '../../server/src/engine/knowledge';
import type { Site, SlotPiece, SqlTemplate } from '../support/sql-sources';
import type { Origin } from './resolve';

export interface Classified {
  slot: SlotPiece;
  kind: 'value' | 'identifier';
  offset: number;
  /** Where the spliced value comes from (see resolve.ts). */
  origin: Origin;
}

export interface Pending {
  site: Site;
  sink: SqlCall;
  template: SqlTemplate;
  slots: Classified[];
  /** Variable values at the same site that are not reported (the fix binds them with the others). */
  quiet: Classified[];
  related: RelatedLocation[];
  /** The statement cannot take bound parameters (DDL, COPY): values need validating, not a placeholder. */
  unbindable: string | null;
}
