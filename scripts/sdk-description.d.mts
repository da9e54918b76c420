// Types of scripts/sdk-description.mjs, for the tests that call it in-process.
/** The SDK in `sdkDir` as an OpenAPI 3.1 document; bodies only for the operations at `paths` (all when unset). */
export function describeSdk(sdkDir: string, options?: { paths?: string[] }): Promise<any>;
