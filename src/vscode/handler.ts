import type { ExtensionContext, Uri } from "vscode";
import * as vscode from "vscode";
import { RequestAbortedError } from "../errors/request-aborted-error.js";
import { isOpenRouterOAuthError } from "../errors/openrouter-oauth-error.js";
import { parseCallback, type CheckedCallback } from "../sign-in/callback.js";

/** The path of the callback URI the sign-in makes: `<uriScheme>://<extension id>/callback`. */
export const CALLBACK_PATH = "/callback";

/** The sign-in waiting for its callback: one at a time per extension (each bundles its own copy of this module). */
interface Pending {
  state: string;
  /** Takes the callback, once; false when the sign-in already has its answer. */
  settle: (outcome: { callback: CheckedCallback } | { error: unknown }) => boolean;
}

let pending: Pending | undefined;
/** The contexts whose extension has our URI handler: VS Code allows one handler per extension. */
const registered = new WeakSet<ExtensionContext>();

/** Makes `next` the sign-in that callbacks go to (a sign-in still waiting ends); returns what ends its turn. */
export function waitForCallback(next: Pending): () => void {
  const previous = pending;
  pending = next;
  previous?.settle({ error: new RequestAbortedError("The sign-in was cancelled: a new sign-in started.") });
  return () => {
    if (pending === next) pending = undefined;
  };
}

/**
 * Hands a URI that VS Code gave the extension's URI handler to the sign-in waiting for it. True when it was that
 * sign-in's callback (its code, or a denial); false when it is not ours to take: another path, no sign-in waiting,
 * or a state that is not the one the sign-in sent (a stray or forged link), which is ignored. An extension with a
 * URI handler of its own passes `registerUriHandler: false` and forwards every URI here.
 */
export function handleUri(uri: Uri): boolean {
  const waiting = pending;
  if (!waiting || uri.path !== CALLBACK_PATH) return false;
  let outcome: { callback: CheckedCallback } | { error: unknown };
  try {
    outcome = { callback: parseCallback(uri.toString(), { expectedState: waiting.state }) };
  } catch (error) {
    if (isOpenRouterOAuthError(error, "InvalidRequestError") && error.code === "state_mismatch") return false;
    outcome = { error };
  }
  return waiting.settle(outcome);
}

/** Registers handleUri as the extension's URI handler, once per activation. */
export function registerHandler(context: ExtensionContext): void {
  if (registered.has(context)) return;
  context.subscriptions.push(vscode.window.registerUriHandler({ handleUri: (uri) => void handleUri(uri) }));
  registered.add(context);
}
