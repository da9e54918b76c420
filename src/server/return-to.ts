import { InvalidRequestError } from "../errors/invalid-request-error.js";

/**
 * `returnTo` as a path on the app's own origin, or an InvalidRequestError: so that the callback's redirect can
 * never send the user to another site. `//host` and `/\host` are refused, as browsers read both as another host.
 */
export function checkReturnTo(returnTo: unknown, appOrigin: string, where: string): string {
  const fail = (): never => {
    throw new InvalidRequestError(`${where}: returnTo must be a path on this site, starting with a single "/" (like "/settings").`, { field: "returnTo" });
  };
  if (typeof returnTo !== "string" || !returnTo.startsWith("/") || returnTo.length > 2000) fail();
  const path = returnTo as string;
  // A backslash anywhere is refused, so /\host is too.
  if (path[1] === "/" || /[\u0000-\u001f\u007f\\]/.test(path)) fail();
  const url = new URL(path, appOrigin);
  if (url.origin !== appOrigin) fail();
  return url.pathname + url.search + url.hash;
}
