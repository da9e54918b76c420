// Which manifests let a page of OpenRouter's origin open the callback page: what Chromium's web_accessible_resources
// allow, so that signInWithCallbackPage refuses what the browser would block.
import { describe, expect, it } from "vitest";
import { isWebAccessible } from "../../src/extension/manifest.js";

const OPENROUTER = new URL("https://openrouter.ai/auth");
const FAKE = new URL("http://127.0.0.1:8123/auth");

describe("isWebAccessible", () => {
  it.each([
    ["<all_urls>", [{ resources: ["callback.html"], matches: ["<all_urls>"] }], OPENROUTER],
    ["the origin itself", [{ resources: ["callback.html"], matches: ["https://openrouter.ai/*"] }], OPENROUTER],
    ["a leading slash and a glob", [{ resources: ["/*.html"], matches: ["https://openrouter.ai/*"] }], OPENROUTER],
    ["any scheme", [{ resources: ["callback.html"], matches: ["*://openrouter.ai/*"] }], OPENROUTER],
    ["a subdomain pattern, for the domain itself", [{ resources: ["callback.html"], matches: ["https://*.openrouter.ai/*"] }], OPENROUTER],
    ["any host", [{ resources: ["callback.html"], matches: ["https://*/*"] }], OPENROUTER],
    ["no port, for a page on a port", [{ resources: ["callback.html"], matches: ["http://127.0.0.1/*"] }], FAKE],
    ["the page's port", [{ resources: ["callback.html"], matches: ["http://127.0.0.1:8123/*"] }], FAKE],
    ["a second entry", [{ resources: ["other.html"], matches: ["<all_urls>"] }, { resources: ["callback.html"], matches: ["<all_urls>"] }], OPENROUTER],
    ["Manifest V2's plain list", ["callback.html"], OPENROUTER],
  ])("takes %s", (_, entries, origin) => {
    expect(isWebAccessible({ web_accessible_resources: entries }, "callback.html", origin)).toBe(true);
  });

  it.each([
    ["no list", undefined, OPENROUTER],
    ["a list that is no array", { resources: ["callback.html"] }, OPENROUTER],
    ["another page", [{ resources: ["other.html"], matches: ["<all_urls>"] }], OPENROUTER],
    ["a glob that is no path of it", [{ resources: ["callback.htm"], matches: ["<all_urls>"] }], OPENROUTER],
    ["another site", [{ resources: ["callback.html"], matches: ["https://example.com/*"] }], OPENROUTER],
    ["another scheme", [{ resources: ["callback.html"], matches: ["http://openrouter.ai/*"] }], OPENROUTER],
    ["any scheme, for a scheme that is not http", [{ resources: ["callback.html"], matches: ["*://openrouter.ai/*"] }], new URL("ftp://openrouter.ai/")],
    ["a subdomain pattern, for a look-alike", [{ resources: ["callback.html"], matches: ["https://*.openrouter.ai/*"] }], new URL("https://evilopenrouter.ai/")],
    ["another port", [{ resources: ["callback.html"], matches: ["http://127.0.0.1:9999/*"] }], FAKE],
    ["a pattern that is none", [{ resources: ["callback.html"], matches: ["openrouter.ai", 42] }], OPENROUTER],
    ["no matches (extension_ids only)", [{ resources: ["callback.html"], extension_ids: ["*"] }], OPENROUTER],
    ["resources that are no list", [{ resources: "callback.html", matches: ["<all_urls>"] }], OPENROUTER],
    ["an entry that is null", [null], OPENROUTER],
  ])("refuses %s", (_, entries, origin) => {
    expect(isWebAccessible({ web_accessible_resources: entries }, "callback.html", origin)).toBe(false);
  });
});
