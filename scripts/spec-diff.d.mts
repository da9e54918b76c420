// Types of scripts/spec-diff.mjs, for the tests that call it in-process.
export interface Difference {
  /** Like `POST /auth/keys (exchangeAuthCodeForAPIKey)`. */
  operation: string;
  /** Where in the operation, dotted: `security`, `responses.405`, `requestBody.limit.type`. */
  where: string;
  what: string;
  /** Our spec's reason when it declares this difference with `x-differs-from-upstream`. */
  declared: string | undefined;
}

export interface SpecDiff {
  differences: Difference[];
  stale: { operation: string; where: string }[];
}

export function loadDocument(source: string): Promise<any>;
/** `operations` (operationIds) limits the comparison to those; all of ours unless set. */
export function diffSpecs(ours: any, upstream: any, operations?: string[]): SpecDiff;
export function formatReport(result: SpecDiff, source: string): string[];
