// Types of scripts/sdk-description.mjs, for the tests that call it in-process.
/** The SDK in `sdkDir` as an OpenAPI 3.1 document; bodies only for the operations at `paths` (all when unset). */
export function describeSdk(sdkDir: string, options?: { paths?: string[] }): Promise<any>;
/** One zod schema (zod 3 or 4) as JSON Schema with wire names. */
export function jsonSchemaOf(schema: unknown, direction: "inbound" | "outbound"): any;
