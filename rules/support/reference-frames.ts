// Names that say a frame holds reference rows — a data dictionary, an answer key, a codebook, a
// lookup, crosswalk or mapping — rather than the records a stage moves. Reference rows without a
// key are not data lost: they define nothing, and dropping them is how the definitions are read.

const REFERENCE_NAME = /dictionary|data_?dict|answer_?key|code_?book|lookup|cross_?walk|xwalk|mapping/i;

/** Whether the expression's leading (dotted) name names reference rows: `datadictionary`, `survey.answer_key[["id"]]`. */
export function namesReferenceRows(expression: string): boolean {
  const head = /^[A-Za-z_][\w.]*/.exec(expression.replace(/\s+/g, ''))?.[0] ?? '';
  return head.split('.').some((part) => REFERENCE_NAME.test(part));
}
