// A Jupyter `%sql SELECT …` line magic (ipython-sql, jupysql): the notebook reader makes it a call
// of SQL_LINE_CALL with the statement as its string (notebook/magics.ts), taken here as SQL like a
// `%%sql` cell's.

import { SQL_LINE_CALL } from '../../notebook/magics';
import type { Library } from '../types';

export const JUPYTER_SQL_MAGIC: Library = {
  id: 'jupyter-sql-magic',
  title: 'ipython-sql / jupysql %sql magic',
  modules: ['jupysql'],
  calls: [{ names: [SQL_LINE_CALL], when: (site) => site.receiver === '', sql: { kind: 'other', arg: { index: 0, keywords: [] } } }],
};
