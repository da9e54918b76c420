// The fake signs and verifies JWTs with jose, an optional peer dependency of openrouter-oauth/testing: it is
// loaded at the first use, so that the rest of the fake (the sign-in, GET /key) works without it.
import { OpenRouterOAuthError } from "../errors/openrouter-oauth-error.js";

/** jose's API, as the fake uses it. */
export type Jose = typeof import("jose");

let loading: Promise<Jose> | undefined;

/** What to say when jose cannot be loaded: who needed it, and how to install it. */
export const JOSE_MISSING = "needs the jose package (the fake's workload identity signs and checks JWTs with it): npm install --save-dev jose@6";

/** jose, loaded once; rejects with an error of ours naming `who` when it is not installed. */
export function loadJose(who: string): Promise<Jose> {
  loading ??= import("jose");
  return loading.catch(() => {
    loading = undefined;
    throw new OpenRouterOAuthError(`${who} ${JOSE_MISSING}.`, { code: "dependency_missing" });
  });
}
