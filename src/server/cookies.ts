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
