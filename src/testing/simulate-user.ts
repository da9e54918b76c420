import { ConnectionError } from "../errors/connection-error.js";
import { InvalidRequestError } from "../errors/invalid-request-error.js";
import { fail, refuseUnknownOptions } from "../transport/options.js";

/** How simulateUser behaves: whether it follows the redirect, and how it sends requests. */
export interface SimulateUserOptions {
  /**
   * Whether to follow the redirect to the callback URL, as a browser would; true unless set. A callback on an
   * app's own scheme (vscode://, chrome-extension://, com.example.app:/…) is never followed: its URL is returned.
   */
  follow?: boolean | undefined;
  /** How to send requests: the global fetch unless set (the fake's own fetch works too, for no sockets at all). */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
}

/** What happened when the simulated user answered the consent page. */
export interface SimulatedUser {
  /** Where the consent page sent the user (the callback URL with `code` or `error`); undefined in headless mode. */
  redirectedTo: string | undefined;
  /** The callback's HTTP status, when the redirect was followed (never for a callback on an app's own scheme). */
  callbackStatus: number | undefined;
  /** The code: shown on the page in headless mode, or carried by the redirect. Undefined after a denial. */
  code: string | undefined;
}

const UNESCAPES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
const unescapeHtml = (text: string) => text.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => UNESCAPES[entity]!);

const attributes = (tag: string) =>
  Object.fromEntries(Array.from(tag.matchAll(/([a-z-]+)="([^"]*)"/g), ([, name, value]) => [name!, unescapeHtml(value!)]));

/** `text` read as a URL against `base`, or undefined when it is none (as URL.parse does, where it exists). */
const urlOf = (text: string, base: URL) => (URL.canParse(text, base) ? new URL(text, base) : undefined);

/** The fields a browser would post when the user presses the button for `decision`, and where to. */
function readConsentForm(html: string, pageUrl: URL, decision: string): { action: URL; fields: URLSearchParams } | undefined {
  const form = /<form\b[^>]*>/.exec(html);
  const button = Array.from(html.matchAll(/<button\b[^>]*>/g), ([tag]) => attributes(tag)).find((b) => b.value === decision);
  if (!form || !button?.name) return undefined;
  const fields = new URLSearchParams();
  for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
    const input = attributes(tag);
    if (input.name) fields.append(input.name, input.value ?? "");
  }
  fields.append(button.name, decision);
  const action = urlOf(attributes(form[0]).action ?? "", pageUrl);
  return action ? { action, fields } : undefined;
}

/** The visible text of a page, shortened: enough to say why it refused. */
const gist = (html: string) => unescapeHtml(html.replace(/<(style|title)[^]*?<\/\1>|<[^>]*>/g, " ").replace(/\s+/g, " ").trim()).slice(0, 200);

/**
 * A user at the consent page, over HTTP and without a browser: opens the authorization URL, presses Authorize
 * ("approve") or Deny, and follows the redirect to an http(s) callback unless `follow` is false.
 */
export async function simulateUser(
  authorizationUrl: string,
  decision: "approve" | "deny",
  given?: SimulateUserOptions,
): Promise<SimulatedUser> {
  // From JavaScript, null counts as no options.
  const options = given ?? {};
  refuseUnknownOptions(options, { follow: 1, fetch: 1 } satisfies Record<keyof SimulateUserOptions, 1>, "simulateUser");
  if (decision !== "approve" && decision !== "deny") {
    fail("simulateUser", "decision", 'decision must be "approve" or "deny"');
  }
  if (!URL.canParse(authorizationUrl)) fail("simulateUser", "authorizationUrl", "authorizationUrl must be an absolute URL");
  const send = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  // Each answer as its status, its Location and its text, read whole: a failure on the way is a ConnectionError.
  const request = async (url: URL, what: string, init?: RequestInit) => {
    // The URL may carry the code, so only its origin is named.
    const failed = (verb: string, cause?: unknown) => new ConnectionError(`simulateUser: could not ${verb} ${what} at ${url.origin}.`, { cause });
    let response: Response;
    try {
      response = await send(new Request(url, { ...init, redirect: "manual" }));
    } catch (cause) {
      throw failed("reach", cause);
    }
    // What the library's fetch layer takes for a Response, a copy from another realm included.
    if (typeof response?.headers?.get !== "function" || typeof response.text !== "function") throw failed("read");
    const location = response.headers.get("location");
    let text: string;
    try {
      // A redirect's body is never read.
      text = location && response.status >= 300 && response.status < 400 ? "" : await response.text();
    } catch (cause) {
      throw failed("read", cause);
    }
    return { status: response.status, location, text };
  };

  const pageUrl = new URL(authorizationUrl);
  const page = await request(pageUrl, "the consent page");
  const html = page.text;
  if (page.status !== 200) throw new InvalidRequestError(`simulateUser: the consent page answered HTTP ${page.status}: ${gist(html)}`);
  const form = readConsentForm(html, pageUrl, decision);
  if (!form) throw new InvalidRequestError(`simulateUser: the consent page has no form with a "${decision}" button.`);

  const answer = await request(form.action, "the consent form's target", { method: "POST", body: form.fields });
  const { location } = answer;
  if (answer.status >= 300 && answer.status < 400 && location) {
    const redirectedTo = urlOf(location, form.action);
    if (!redirectedTo) throw new InvalidRequestError("simulateUser: the consent form redirected to something that is no URL.");
    const code = redirectedTo.searchParams.get("code") ?? undefined;
    // An app's own scheme (vscode:, chrome-extension:) is the browser's to hand over, not a place to fetch.
    if (options.follow === false || !/^https?:$/.test(redirectedTo.protocol)) return { redirectedTo: redirectedTo.href, callbackStatus: undefined, code };
    const callback = await request(redirectedTo, "the callback URL");
    return { redirectedTo: redirectedTo.href, callbackStatus: callback.status, code };
  }
  const result = answer.text;
  if (answer.status !== 200) throw new InvalidRequestError(`simulateUser: the consent form was refused with HTTP ${answer.status}: ${gist(result)}`);
  const shown = /<code id="authorization-code">([^<]*)<\/code>/.exec(result)?.[1];
  return { redirectedTo: undefined, callbackStatus: undefined, code: shown === undefined ? undefined : unescapeHtml(shown) };
}
