import { InvalidRequestError } from "../errors/invalid-request-error.js";

/**
 * `returnTo` as a path on the app's own origin, or an InvalidRequestError: so that the callback's redirect can
 * never send the user to another site. `//host` and `/\host` are refused, as browsers read both as another host,
 * and so is a path that becomes `//host` once its dots are resolved (`/.//host`).
 */
export function checkReturnTo(returnTo: unknown, appOrigin: string, where: string): string {
  const fail = (rule = 'a path on this site, starting with a single "/" (like "/settings")'): never => {
    throw new InvalidRequestError(`${where}: returnTo must be ${rule}.`, { field: "returnTo" });
  };
  if (typeof returnTo !== "string" || !returnTo.startsWith("/")) fail();
  const path = returnTo as string;
  // A backslash anywhere is refused, so /\host is too.
  if (path[1] === "/" || /[\u0000-\u001f\u007f\\]/.test(path)) fail();
  const url = new URL(path, appOrigin);
  const checked = url.pathname + url.search + url.hash;
  if (url.origin !== appOrigin || checked.startsWith("//")) fail();
  // Measured as encoded, as it travels in the pending cookie: a longer one would make a cookie browsers drop.
  if (checked.length > 2000) fail("at most 2,000 characters once URL-encoded");
  return checked;
}
