/** How the app's cookies are named and flagged, from whether it is served over https. */
export interface CookiePolicy {
  /** `__Host-` on https: the browser then insists on Secure, Path=/ and no Domain, so no subdomain can plant one. */
  prefix: string;
  secure: boolean;
}

export function cookiePolicy(appUrl: URL): CookiePolicy {
  const secure = appUrl.protocol === "https:";
  return { prefix: secure ? "__Host-" : "", secure };
}

/**
 * The most bytes this library's cookies take together in one browser's requests (the session's and every pending
 * sign-in's): under 4 KB, so that a site cannot make a browser carry enough of them for the app's server to answer
 * every request with 431, by starting sign-ins in a popup.
 */
export const COOKIES_BUDGET_BYTES = 4000;

/** What a cookie adds to a Cookie header: `name=value` and the `; ` before the next. */
export const cookieBytes = (name: string, value: string) => name.length + value.length + 3;

/** The cookies a request's headers carry, by name; a malformed pair is skipped, the first of two with one name kept. */
export function readCookies(headers: Headers): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of (headers.get("cookie") ?? "").split(";")) {
    const at = pair.indexOf("=");
    if (at < 0) continue;
    const name = pair.slice(0, at).trim();
    if (name && !cookies.has(name)) cookies.set(name, pair.slice(at + 1).trim());
  }
  return cookies;
}

/** A Set-Cookie value: HttpOnly, SameSite=Lax (Strict would drop it on the return from OpenRouter), Path=/. */
export function setCookie(policy: CookiePolicy, name: string, value: string, maxAgeSeconds: number): string {
  const attributes = [`${name}=${value}`, "Path=/", `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`, "HttpOnly", "SameSite=Lax"];
  if (policy.secure) attributes.push("Secure");
  return attributes.join("; ");
}

export const clearCookie = (policy: CookiePolicy, name: string) => setCookie(policy, name, "", 0);
