import { randomHex } from "../base/encoding.js";
import { checkField, fail, refuseUnknownOptions } from "../transport/options.js";
import { keyLabelProblem, limitProblem } from "../operations/request-rules.js";
import { appCallbackUrlProblem, authUrlProblem } from "../checks/validate.js";

/** OpenRouter's authorization page, where the user signs in and approves the app. */
export const DEFAULT_AUTH_URL = "https://openrouter.ai/auth";

/** What buildAuthorizationUrl puts in the URL it builds. */
export interface AuthorizationUrlOptions {
  /**
   * Where OpenRouter sends the user back: https, http on a loopback host, or your app's own scheme (vscode://…,
   * chrome-extension://…, com.example.app:/…). Leave it out for headless mode: the page then shows the code to paste.
   */
  callbackUrl?: string | undefined;
  /** The S256 challenge of your PKCE pair (`createPkcePair().code_challenge`). */
  codeChallenge: string;
  /** A label for the key, shown to the user; at most 100 characters. */
  keyLabel?: string | undefined;
  /** A credit limit for the key. */
  limit?: number | undefined;
  /** Your own state; a random one is made when a callback URL is given and this is not. */
  state?: string | undefined;
  /** OpenRouter's authorization page; https://openrouter.ai/auth unless set (for tests and other deployments). */
  authUrl?: string | undefined;
}

/** An authorization URL to send the user to, and what to keep for the callback. */
export interface AuthorizationRequest {
  /** Send the user's browser here. */
  url: string;
  /** The callback URL as sent, carrying `state` in its own query (OpenRouter keeps that query on its redirect). */
  callbackUrl: string | undefined;
  /** Keep it with the verifier, and hand it to parseCallback as `expectedState`. Null in headless mode. */
  state: string | null;
}

const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** Every option buildAuthorizationUrl takes: any other is refused as most likely mistyped. */
const AUTHORIZATION_OPTIONS = {
  callbackUrl: 1, codeChallenge: 1, keyLabel: 1, limit: 1, state: 1, authUrl: 1,
} satisfies Record<keyof AuthorizationUrlOptions, 1>;

/**
 * A limit as the authorization page's query carries it: in plain decimal, as `1e-7` or `1e+21` may not be read,
 * with the same digits, so that it reads back as the same number.
 */
export function limitInQuery(limit: number): string {
  const text = String(limit);
  if (!text.includes("e")) return text;
  const [mantissa = "", power = ""] = text.split("e");
  const [whole = "", fraction = ""] = mantissa.split(".");
  const digits = whole + fraction;
  // Where the decimal point goes among the digits.
  const point = whole.length + Number(power);
  if (point <= 0) return `0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + "0".repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

const WHERE = "buildAuthorizationUrl";

/**
 * Checks what goes into an authorization URL besides the challenge and the state: buildAuthorizationUrl checks
 * it per call, createSignIn once, when it is made. `where` names who was given the options.
 */
export function checkAuthorizationOptions(options: Omit<AuthorizationUrlOptions, "codeChallenge" | "state">, where: string): void {
  const { callbackUrl, keyLabel, limit, authUrl = DEFAULT_AUTH_URL } = options;
  checkField(where, "authUrl", authUrl, authUrlProblem);
  // The page takes these as createAuthCode does, so the same rules apply.
  if (keyLabel !== undefined) checkField(where, "keyLabel", keyLabel, keyLabelProblem);
  if (limit !== undefined) checkField(where, "limit", limit, limitProblem);
  if (callbackUrl === undefined) return;
  checkField(where, "callbackUrl", callbackUrl, appCallbackUrlProblem);
  // The sign-in's state goes into the callback's query, so an app's own state there would be overwritten.
  if (new URL(callbackUrl).searchParams.has("state")) {
    fail(where, "callbackUrl", `callbackUrl already carries a state, where the sign-in puts its own${where === WHERE ? "; pass yours as the state option" : ""}`);
  }
}

/** The URL of OpenRouter's authorization page for one sign-in, always with `code_challenge_method=S256`. */
export function buildAuthorizationUrl(options: AuthorizationUrlOptions): AuthorizationRequest {
  if (typeof options !== "object" || options === null) fail(WHERE, "options", "expects an options object with codeChallenge");
  refuseUnknownOptions(options, AUTHORIZATION_OPTIONS, WHERE);
  const { callbackUrl, codeChallenge, keyLabel, limit, authUrl = DEFAULT_AUTH_URL } = options;
  if (typeof codeChallenge !== "string" || !S256_CHALLENGE.test(codeChallenge)) {
    fail(WHERE, "codeChallenge", "codeChallenge must be an S256 challenge, 43 base64url characters (use createPkcePair)");
  }
  checkAuthorizationOptions(options, WHERE);
  if (callbackUrl === undefined && options.state !== undefined) {
    fail(WHERE, "state", "state needs a callbackUrl: a headless sign-in has no callback to carry it back");
  }
  let state: string | null = null;
  let callback: string | undefined;
  if (callbackUrl !== undefined) {
    const url = new URL(callbackUrl);
    state = options.state ?? randomHex(16);
    if (typeof state !== "string" || !state) fail(WHERE, "state", "state must be a non-empty string");
    url.searchParams.set("state", state);
    callback = url.href;
  }
  const url = new URL(authUrl);
  if (callback) url.searchParams.set("callback_url", callback);
  url.searchParams.set("code_challenge", codeChallenge);
  url.searchParams.set("code_challenge_method", "S256");
  if (keyLabel) url.searchParams.set("key_label", keyLabel);
  if (limit !== undefined) url.searchParams.set("limit", limitInQuery(limit));
  return { url: url.href, callbackUrl: callback, state };
}
