// The status-to-class table the tests run on, taken from the client and the spec rather than copied: the one
// assertion of the names themselves is in test/errors/status-mapping.test.ts.
import { APIError } from "../../src/index.js";
import { CLASS_BY_STATUS } from "../../src/transport/response.js";
import { RETRY_CLASSES } from "../../src/transport/retry.js";
import { documentedResponses } from "./spec.js";

/**
 * The class the client gives an error status of `operation`: the exchange, which is never retried, has no class
 * of its own for 429 and 503; every other operation (any, unless named) has.
 */
export const classFor = (status: number, operation?: string) =>
  ((operation === "exchangeAuthCodeForAPIKey" ? CLASS_BY_STATUS : RETRY_CLASSES)[status] ?? APIError) as typeof APIError;

/** Every error status the spec documents, for any operation. */
export const DOCUMENTED_ERROR_STATUSES = [...new Set(documentedResponses().map(({ status }) => status))]
  .filter((status) => status >= 400)
  .sort((a, b) => a - b);

const STATUSES = [...new Set([...DOCUMENTED_ERROR_STATUSES, 402, 404, 405, 410, 422, 429, 501, 502, 503, 504])].sort((a, b) => a - b);

/** The documented error statuses and common ones the spec leaves out, each with its class for `operation`. */
export const errorStatuses = (operation?: string): [number, typeof APIError][] => STATUSES.map((status) => [status, classFor(status, operation)]);

/** The error statuses, each with its class for every operation but the exchange. */
export const ERROR_STATUSES = errorStatuses();
