import type { CancellationToken, ExtensionContext, Uri } from "vscode";
import * as vscode from "vscode";
import { whenAborted } from "../base/abort.js";
import { randomHex } from "../base/encoding.js";
import { durationInWords } from "../base/duration.js";
import { RequestAbortedError } from "../errors/request-aborted-error.js";
import { RequestTimeoutError } from "../errors/request-timeout-error.js";
import type { ExchangeAuthCodeForAPIKeyResponse } from "../operations/exchange.js";
import { buildAuthorizationUrl } from "../sign-in/authorization-url.js";
import { completeSignIn, type CheckedCallback } from "../sign-in/callback.js";
import { pastedCallback, type PasteRefusal } from "../sign-in/pasted-callback.js";
import { createPkcePair } from "../sign-in/pkce.js";
import { APP_SIGN_IN_OPTIONS, APP_SIGN_IN_TIMEOUT_MS, checkAppSignInOptions, type AppSignInOptions } from "../sign-in/app-options.js";
import { fail, refuseUnknownOptions } from "../transport/options.js";
import { CALLBACK_PATH, registerHandler, waitForCallback } from "./handler.js";
import { KEY_SECRET } from "./secrets.js";

/** How signInWithOpenRouter signs the user in. */
export interface SignInWithOpenRouterOptions extends AppSignInOptions {
  /**
   * Whether to register the extension's URI handler (true unless set). VS Code allows one per extension: one that
   * has its own passes false and forwards each URI to `handleUri`.
   */
  registerUriHandler?: boolean | undefined;
}

/** The key the sign-in minted, and whether it is in the extension's SecretStorage. */
export interface SignedInWithOpenRouter extends ExchangeAuthCodeForAPIKeyResponse {
  /** False when SecretStorage refused it: the key is still here, but getKey will not find it. */
  stored: boolean;
}

/** How long signInWithOpenRouter waits for the user unless told otherwise: 5 minutes. */
export const DEFAULT_SIGN_IN_TIMEOUT_MS = APP_SIGN_IN_TIMEOUT_MS;

const WHERE = "signInWithOpenRouter";
const OPTIONS = { ...APP_SIGN_IN_OPTIONS, registerUriHandler: 1 } satisfies Record<keyof SignInWithOpenRouterOptions, 1>;

const PASTE = "Paste code or URL";
const PASTE_REFUSED: Record<Exclude<PasteRefusal, "refused">, string> = {
  empty: "Paste the code, or the whole URL the browser ended on.",
  unreadable: "This is neither a code nor a URL: paste the code, or the whole URL the browser ended on.",
  "other-sign-in": "This URL belongs to another sign-in: paste the one from the sign-in you just approved.",
  "no-code": "This URL has no code: paste the URL the browser ended on after you approved.",
};

type Outcome = { callback: CheckedCallback } | { error: unknown };
const aborted = (when: string) => new RequestAbortedError(`The sign-in was cancelled ${when}.`);

function checkOptions(context: ExtensionContext, options: SignInWithOpenRouterOptions): void {
  if (typeof context?.secrets?.store !== "function" || typeof context.extension?.id !== "string") {
    fail(WHERE, "context", "context must be the ExtensionContext VS Code passed to your extension's activate");
  }
  refuseUnknownOptions(options, OPTIONS, WHERE);
  checkAppSignInOptions(options, WHERE);
  const { registerUriHandler } = options;
  if (registerUriHandler !== undefined && typeof registerUriHandler !== "boolean") {
    fail(WHERE, "registerUriHandler", "registerUriHandler must be true or false");
  }
}

/**
 * The callback URL for this sign-in: `<uriScheme>://<extension id>/callback` as VS Code makes it reachable from
 * the browser (as it is on the desktop, an https or loopback URL in VS Code for the web, code-server and
 * Codespaces). The state goes into the URI before that, since the web's form carries only the URI's own query back.
 */
async function callbackUrl(context: ExtensionContext, state: string): Promise<string> {
  const own = vscode.Uri.parse(`${vscode.env.uriScheme}://${context.extension.id}${CALLBACK_PATH}`).with({ query: `state=${state}` });
  const external = new URL((await vscode.env.asExternalUri(own)).toString(true));
  // On the desktop the URI comes back as it went: buildAuthorizationUrl puts the state back where it was.
  if (external.searchParams.has("state")) external.searchParams.delete("state");
  return external.href;
}

/**
 * How long the sign-in waits for the callback before it offers the paste: a callback that comes back at once then
 * leaves no notification behind, as VS Code cannot close one from code.
 */
export const PASTE_OFFER_DELAY_MS = 15_000;

/** Offers to paste the code or URL (for a window whose callback cannot arrive) until the sign-in has its answer. */
async function offerPaste(state: string, settle: (outcome: Outcome) => boolean, done: () => boolean): Promise<void> {
  const read = (text: string) => {
    try {
      return pastedCallback(text, state, true);
    } catch (denial) {
      return { denial };
    }
  };
  for (;;) {
    const choice = await vscode.window.showInformationMessage("If VS Code does not get the answer from your browser, paste it here.", PASTE);
    if (choice !== PASTE || done()) return;
    const text = await vscode.window.showInputBox({
      title: "Sign in with OpenRouter",
      prompt: "The code the page showed, or the whole URL the browser ended on",
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => {
        const read_ = read(value);
        return typeof read_ === "string" && read_ !== "refused" ? PASTE_REFUSED[read_] : undefined;
      },
    });
    if (done()) return;
    if (text === undefined) continue;
    const answer = read(text);
    if (typeof answer === "string") continue;
    settle("denial" in answer ? { error: answer.denial } : { callback: answer });
    return;
  }
}

/** The first answer: the callback, a paste, or the end of the wait (timeout, Cancel, the signal). */
function waitForAnswer(
  state: string,
  authorizationUrl: string,
  timeoutMs: number,
  token: CancellationToken,
  signal: AbortSignal | undefined,
): Promise<CheckedCallback> {
  return new Promise((resolve, reject) => {
    let finished = false;
    const cleanups: (() => void)[] = [];
    const settle = (outcome: Outcome) => {
      if (finished) return false;
      finished = true;
      for (const cleanup of cleanups) cleanup();
      if ("callback" in outcome) resolve(outcome.callback);
      else reject(outcome.error);
      return true;
    };
    // Listening starts before the browser opens, so that even an instant callback finds the sign-in waiting.
    cleanups.push(waitForCallback({ state, settle }));
    const timer = setTimeout(
      () => settle({ error: new RequestTimeoutError(`No answer from the browser came within ${durationInWords(timeoutMs)}. Start a new sign-in.`) }),
      timeoutMs,
    );
    cleanups.push(() => clearTimeout(timer));
    const cancelled = token.onCancellationRequested(() => settle({ error: aborted("while waiting for the browser") }));
    cleanups.push(() => cancelled.dispose());
    cleanups.push(whenAborted(signal, () => settle({ error: aborted("while waiting for the browser") })));
    // A string, not a Uri: a Uri would re-encode the query, and the callback_url inside it would not survive.
    vscode.env.openExternal(authorizationUrl as unknown as Uri).then(
      (opened) => opened || settle({ error: aborted("before the sign-in page opened") }),
      (error: unknown) => settle({ error }),
    );
    const offer = setTimeout(() => void offerPaste(state, settle, () => finished).catch(() => {}), PASTE_OFFER_DELAY_MS);
    cleanups.push(() => clearTimeout(offer));
  });
}

/**
 * Signs the user in with OpenRouter from a VS Code extension and stores the key in its SecretStorage: opens
 * OpenRouter's page in the browser, waits (with a Cancel button) for the callback that comes back to the
 * extension's URI handler, or for the code or URL the user pastes, exchanges the code once (never retried), and
 * stores the key under the extension's `context.secrets` (never in settings).
 *
 * Rejects with AuthorizationDeniedError (the user said no), RequestAbortedError (Cancel, or the signal),
 * RequestTimeoutError, InvalidRequestError (bad options) or the exchange's errors.
 */
export async function signInWithOpenRouter(context: ExtensionContext, given?: SignInWithOpenRouterOptions): Promise<SignedInWithOpenRouter> {
  // From JavaScript, null counts as no options.
  const options = given ?? {};
  checkOptions(context, options);
  const { baseUrl, authUrl, fetch, keyLabel, limit, signal } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS;
  if (signal?.aborted) throw aborted("before it started");
  const pair = await createPkcePair();
  const state = randomHex(16);
  if (options.registerUriHandler !== false) registerHandler(context);
  const request = buildAuthorizationUrl({
    callbackUrl: await callbackUrl(context, state), codeChallenge: pair.code_challenge, state, keyLabel, limit, authUrl,
  });
  const progressOptions = { location: vscode.ProgressLocation.Notification, title: "Signing in with OpenRouter", cancellable: true };
  return vscode.window.withProgress(progressOptions, async (progress, token) => {
    progress.report({ message: "approve the key in your browser" });
    const callback = await waitForAnswer(state, request.url, timeoutMs, token, signal);
    progress.report({ message: "getting your key" });
    // Not cancellable from here on: once the code is sent, the key it mints must arrive.
    const result = await completeSignIn(callback, pair.code_verifier, { baseUrl, fetch });
    try {
      await context.secrets.store(KEY_SECRET, result.key);
      return { ...result, stored: true };
    } catch {
      // The key is minted and the code spent: it goes to the caller even when it cannot be kept.
      return { ...result, stored: false };
    }
  });
}
