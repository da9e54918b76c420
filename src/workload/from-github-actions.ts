// GitHub Actions' OIDC token: the job asks the runner's token service for a JWT, with the audience the policy names.
import { SubjectTokenError } from "../errors/subject-token-error.js";
import { processEnvironment } from "./environment.js";
import { checkAudience, checkSourceOptions, jsonObject, requestToken, SOURCE_OPTIONS, urlFromEnvironment, type SourceOptions } from "./source-request.js";
import type { SubjectTokenSource } from "./subject-token.js";

/** fromGitHubActions's options. */
export interface GitHubActionsOptions extends SourceOptions {
  /** The JWT's `aud`: the Audience of the federation policy. Left out unless set, and GitHub then names the repository's owner. */
  audience?: string | undefined;
}

const SOURCE = "GitHub Actions";
// @actions/core's choice: the token service's passing failures.
const PASSING = [502, 503, 504];

/**
 * The JWT of the GitHub Actions job this runs in, fetched afresh each time: GitHub's JWTs live about 5 minutes,
 * and a long job keeps exchanging new ones. The job needs `permissions: id-token: write`.
 */
export function fromGitHubActions(options?: GitHubActionsOptions): SubjectTokenSource {
  checkSourceOptions(options, { ...SOURCE_OPTIONS, audience: 1 }, "fromGitHubActions");
  const audience = options?.audience;
  if (audience !== undefined) checkAudience(audience, "fromGitHubActions");
  return {
    async getToken() {
      const env = options?.env ?? processEnvironment();
      const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL;
      const requestToken_ = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
      if (!requestUrl || !requestToken_) {
        throw new SubjectTokenError(
          "GitHub Actions gives this job no OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set): " +
            "the job needs `permissions: id-token: write`, and pull requests from forks never get one.",
          { source: SOURCE },
        );
      }
      urlFromEnvironment(requestUrl, "ACTIONS_ID_TOKEN_REQUEST_URL", SOURCE);
      // The URL comes with a query of its own, kept as it is: the audience is added to its end.
      const join = requestUrl.includes("?") ? "&" : "?";
      const url = audience === undefined ? requestUrl : `${requestUrl}${join}audience=${encodeURIComponent(audience)}`;
      return requestToken(
        {
          source: SOURCE,
          url,
          headers: { authorization: `Bearer ${requestToken_}`, accept: "application/json" },
          secrets: [requestToken_],
          retriesStatus: (status) => PASSING.includes(status),
          tokenIn: (text) => jsonObject(text, SOURCE).value,
        },
        options,
      );
    },
  };
}
