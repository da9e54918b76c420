import type { ExchangeAuthCodeForAPIKeyResponse } from "../index.js";
import { RequestAbortedError } from "../errors/request-aborted-error.js";
import { fail } from "../transport/options.js";
import { extensionApi } from "./browser-api.js";
import { checkSignInOptions, SIGN_IN_OPTIONS, signInThrough, type ExtensionSignInOptions } from "./sign-in.js";

const WHERE = "signInWithWebAuthFlow";

/**
 * Signs the user in from a browser extension through `identity.launchWebAuthFlow` and returns their key: the
 * browser opens OpenRouter's page in a window of its own, takes the redirect to the extension's
 * `identity.getRedirectURL()` (`https://<id>.chromiumapp.org/` in Chrome and Edge) without loading it, and hands
 * it back; the state is checked and the code exchanged once. Needs the `identity` permission.
 *
 * Rejects with AuthorizationDeniedError (the user said no), RequestAbortedError (the window was closed, or
 * `signal` aborted), RequestTimeoutError, InvalidRequestError (bad options, a forged state) or the exchange's errors.
 */
export function signInWithWebAuthFlow(options: ExtensionSignInOptions = {}): Promise<ExchangeAuthCodeForAPIKeyResponse> {
  return Promise.resolve().then(() => {
    checkSignInOptions(options, SIGN_IN_OPTIONS, WHERE);
    const identity = extensionApi(options.api, WHERE).identity;
    if (typeof identity?.launchWebAuthFlow !== "function" || typeof identity.getRedirectURL !== "function") {
      fail(WHERE, "identity", 'the identity API is missing: add "identity" to the manifest\'s permissions');
    }
    return signInThrough(
      {
        callbackUrl: identity.getRedirectURL(),
        listen: (url) => (arrived, failed) => {
          // Called in a promise, so that a browser that throws at once is heard as one that rejects.
          Promise.resolve().then(() => identity.launchWebAuthFlow({ url, interactive: true })).then(
            (redirected) => (typeof redirected === "string" ? arrived(redirected) : failed(closed())),
            (cause: unknown) => failed(closed(cause)),
          );
          // The browser's window cannot be closed from here: what it answers after the wait is ignored.
          return () => {};
        },
        timedOut: (limit) => `The sign-in window did not come back from OpenRouter within ${limit}. Start a new sign-in.`,
      },
      options,
    );
  });
}

/** launchWebAuthFlow rejects when the user closes its window (Chrome: "The user did not approve access.") or its page fails to load. */
const closed = (cause?: unknown) =>
  new RequestAbortedError("The sign-in window was closed, or could not load OpenRouter's page, before the user came back. Start a new sign-in.", { cause });
