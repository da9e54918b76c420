// Types of scripts/spec-diff.mjs, for the tests that call it in-process.
export interface Difference {
  /** Like `POST /auth/keys (exchangeAuthCodeForAPIKey)`. */
  operation: string;
  /** Where in the operation, dotted: `security`, `responses.405`, `requestBody.limit.type`; `operation` for one ours lacks. */
  where: string;
  what: string;
  /** Our spec's reason when it declares this difference (`x-differs-from-upstream`, `x-left-out-operations`). */
  declared: string | undefined;
}

export interface SpecDiff {
  differences: Difference[];
  /** Declarations that no longer match anything upstream; `note` says so in full when it is not a difference's. */
  stale: { operation: string; where: string; note?: string }[];
  /** What upstream cannot describe, so was not compared (aspect → reason): the SDK's `x-not-described`. */
  notCompared: Record<string, string>;
  agreementNote: string | undefined;
}

export function loadDocument(source: string): Promise<any>;
/** `operations` (operationIds) limits the comparison to those, and to their groups; all of ours unless set. */
export function diffSpecs(ours: any, upstream: any, operations?: string[]): SpecDiff;
export function formatReport(result: Pick<SpecDiff, "differences" | "stale"> & Partial<SpecDiff>, source: string): string[];
