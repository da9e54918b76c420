// Whether the manifest lets OpenRouter's page send the user to the callback page. Chromium blocks a web page's
// navigation to an extension file that web_accessible_resources does not list for that page's origin: the
// callback page would never load, and the sign-in would wait for nothing.

/** A glob of the manifest (`*` for any characters) as a test of a whole string. */
const globTest = (glob: string) => new RegExp(`^${glob.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);

/** Whether a match pattern (`<all_urls>`, `https://openrouter.ai/*`, `*://*.example.com/*`) takes pages of `origin`. */
function patternTakes(pattern: unknown, origin: URL): boolean {
  if (pattern === "<all_urls>") return true;
  const parts = typeof pattern === "string" ? /^(\*|[a-z][a-z0-9+.-]*):\/\/([^/]*)\//.exec(pattern) : null;
  if (!parts) return false;
  const [, scheme, withPort] = parts as unknown as [string, string, string];
  const host = withPort.replace(/:\*$/, "");
  const schemeTaken = scheme === "*" ? origin.protocol === "http:" || origin.protocol === "https:" : `${scheme}:` === origin.protocol;
  // A pattern without a port (or with `:*`) takes every port.
  const hostname = host.includes(":") && !host.endsWith("]") ? origin.host : origin.hostname;
  const hostTaken = host === "*" || host === hostname || (host.startsWith("*.") && (hostname === host.slice(2) || hostname.endsWith(host.slice(1))));
  return schemeTaken && hostTaken;
}

/** Whether `manifest`'s web_accessible_resources list `path` for pages of `origin` (Manifest V3; V2's plain list too). */
export function isWebAccessible(manifest: object, path: string, origin: URL): boolean {
  const entries: unknown = (manifest as { web_accessible_resources?: unknown }).web_accessible_resources;
  if (!Array.isArray(entries)) return false;
  const listed = (resources: unknown) => Array.isArray(resources) && resources.some((resource) => typeof resource === "string" && globTest(resource.replace(/^\//, "")).test(path));
  for (const entry of entries) {
    if (typeof entry === "string" && listed([entry])) return true;
    const { resources, matches } = (entry ?? {}) as { resources?: unknown; matches?: unknown };
    if (listed(resources) && Array.isArray(matches) && matches.some((pattern) => patternTakes(pattern, origin))) return true;
  }
  return false;
}
