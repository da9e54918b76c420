// Azure managed identity: a token of the identity of the VM, container, App Service or Function this runs on.
import { fail } from "../transport/options.js";
import { processEnvironment } from "./environment.js";
import { checkSourceOptions, jsonObject, requestToken, SOURCE_OPTIONS, urlFromEnvironment, type SourceOptions } from "./source-request.js";
import type { SubjectTokenSource } from "./subject-token.js";

/** fromAzureManagedIdentity's options. */
export interface AzureManagedIdentityOptions extends SourceOptions {
  /**
   * What the token is for, which becomes its `aud`. `api://AzureADTokenExchange` unless set: the resource Microsoft
   * Entra names for tokens handed to another party's token exchange, which is what OpenRouter's is. The policy's
   * Audience must be the `aud` of the tokens this gives.
   */
  resource?: string | undefined;
  /** A user-assigned identity, by its client id. */
  clientId?: string | undefined;
  /** A user-assigned identity, by its object (principal) id. */
  objectId?: string | undefined;
  /** A user-assigned identity, by its Azure resource id. */
  msiResId?: string | undefined;
  /** The API version asked for: 2018-02-01 from IMDS, 2019-08-01 from App Service and Functions, unless set. */
  apiVersion?: string | undefined;
}

/** The resource asked for unless `resource` says otherwise. */
export const DEFAULT_AZURE_RESOURCE = "api://AzureADTokenExchange";
const IMDS = "http://169.254.169.254";

const STRINGS = ["resource", "clientId", "objectId", "msiResId", "apiVersion"] as const;

/**
 * The managed identity's token, fetched afresh each time: from App Service's and Functions' identity endpoint
 * when `IDENTITY_ENDPOINT` and `IDENTITY_HEADER` are set, else from the instance metadata service (IMDS), whose
 * host `AZURE_POD_IDENTITY_AUTHORITY_HOST` overrides as Azure's own clients allow.
 */
export function fromAzureManagedIdentity(options?: AzureManagedIdentityOptions): SubjectTokenSource {
  checkSourceOptions(options, { ...SOURCE_OPTIONS, resource: 1, clientId: 1, objectId: 1, msiResId: 1, apiVersion: 1 }, "fromAzureManagedIdentity");
  for (const field of STRINGS) {
    const value = options?.[field];
    if (value !== undefined && (typeof value !== "string" || !value)) {
      fail("fromAzureManagedIdentity", field, `${field} must be a non-empty string`);
    }
  }
  const { resource = DEFAULT_AZURE_RESOURCE, clientId, objectId, msiResId, apiVersion } = options ?? {};
  return {
    async getToken() {
      const env = options?.env ?? processEnvironment();
      const { IDENTITY_ENDPOINT: endpoint, IDENTITY_HEADER: header } = env;
      const appService = Boolean(endpoint && header);
      const source = appService ? "Azure's managed identity endpoint (IDENTITY_ENDPOINT)" : "Azure's instance metadata service";
      let base: string;
      if (appService) {
        urlFromEnvironment(endpoint!, "IDENTITY_ENDPOINT", source);
        base = endpoint!;
      } else {
        const host = env.AZURE_POD_IDENTITY_AUTHORITY_HOST?.replace(/\/+$/, "") || IMDS;
        urlFromEnvironment(host, "AZURE_POD_IDENTITY_AUTHORITY_HOST", source);
        base = `${host}/metadata/identity/oauth2/token`;
      }
      // The two services name a user-assigned identity's ids differently.
      const query = new URLSearchParams({ "api-version": apiVersion ?? (appService ? "2019-08-01" : "2018-02-01"), resource });
      if (clientId) query.set("client_id", clientId);
      if (objectId) query.set(appService ? "principal_id" : "object_id", objectId);
      if (msiResId) query.set(appService ? "mi_res_id" : "msi_res_id", msiResId);
      return requestToken(
        {
          source,
          url: `${base}${base.includes("?") ? "&" : "?"}${query}`,
          headers: appService ? { "x-identity-header": header! } : { metadata: "true" },
          secrets: appService ? [header!] : [],
          // IMDS answers 429 when asked too often, and 5xx while the identity is being set up.
          retriesStatus: (status) => status === 429 || status >= 500,
          tokenIn: (text) => jsonObject(text, source).access_token,
        },
        options,
      );
    },
  };
}
