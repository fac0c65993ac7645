// The shape of every design decision: what was chosen, why, and what was rejected and why not.

export interface Decision<T extends string = string> {
  /** What is being decided, e.g. "Processing pattern". */
  topic: string;
  /** Stable machine-readable choice, e.g. "hybrid", "ELT", "cdc". */
  id: T;
  choice: string;
  reason: string;
  rejectedAlternative: string;
  whyNot: string;
}
