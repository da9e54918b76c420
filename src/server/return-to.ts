import { fail } from "../transport/options.js";

/** `returnTo` as a path on `appOrigin`, encoded as it will travel, or undefined when it is none. */
function pathOnSite(returnTo: unknown, appOrigin: string): string | undefined {
  if (typeof returnTo !== "string" || !returnTo.startsWith("/")) return undefined;
  // A backslash anywhere is refused, so /\host is too.
  if (returnTo[1] === "/" || /[\u0000-\u001f\u007f\\]/.test(returnTo)) return undefined;
  const url = new URL(returnTo, appOrigin);
  const checked = url.pathname + url.search + url.hash;
  return url.origin !== appOrigin || checked.startsWith("//") ? undefined : checked;
}

/**
 * `returnTo` as a path on the app's own origin, or an InvalidRequestError: so that the callback's redirect can
 * never send the user to another site. `//host` and `/\host` are refused, as browsers read both as another host,
 * and so is a path that becomes `//host` once its dots are resolved (`/.//host`).
 */
export function checkReturnTo(returnTo: unknown, appOrigin: string, where: string): string {
  const checked = pathOnSite(returnTo, appOrigin);
  if (checked === undefined) fail(where, "returnTo", 'returnTo must be a path on this site, starting with a single "/" (like "/settings")');
  // Measured as encoded, as it travels in the pending cookie: a longer one would make a cookie browsers drop.
  if (checked.length > 2000) fail(where, "returnTo", "returnTo must be at most 2,000 characters once URL-encoded");
  return checked;
}
