// openrouter-oauth/workload: keyless OpenRouter for CI jobs, pods and cloud functions. A workload's JWT is
// exchanged for a short-lived access token (POST /oauth/token), held and refreshed. Isomorphic: fetch and Web
// Crypto only, but for fromFile, which imports node:fs when it is called (Node, Deno, Bun).
export { fromGitHubActions, type GitHubActionsOptions } from "./from-github-actions.js";
export { fromGoogleMetadata, type GoogleMetadataOptions } from "./from-google-metadata.js";
export { fromAzureManagedIdentity, DEFAULT_AZURE_RESOURCE, type AzureManagedIdentityOptions } from "./from-azure-managed-identity.js";
export { fromFile } from "./from-file.js";
export { fromEnv, type EnvOptions } from "./from-env.js";
export type { SourceOptions } from "./source-request.js";
export type { Environment } from "./environment.js";
export type { SubjectToken, SubjectTokenSource } from "./subject-token.js";
export {
  createWorkloadIdentity,
  type GetAccessTokenOptions,
  type WorkloadIdentity,
  type WorkloadIdentityOptions,
} from "./workload-identity.js";
