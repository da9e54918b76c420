// docs/servers.md's table of refusals, held to the code: each row is a scenario here, and each scenario fails with
// the class (and the field and code) its row gives, in a message that names the method the app called.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { isOpenRouterOAuthError, type ErrorsByName } from "../../src/index.js";
import { simulateUser } from "../../src/testing/index.js";
import { rejectionOf } from "../support/fixtures.js";
import { APP, CookieJar, startAndDecide, testApp } from "./support.js";

/** The callback URL of a sign-in, and the browser that started it. */
async function decided(app = testApp(), decision: "approve" | "deny" = "approve") {
  const jar = new CookieJar();
  return { app, jar, callback: new URL(await startAndDecide(app, jar, decision)) };
}

// Each row's scenario, by the row's first cell: what the app does, and the promise that must be refused.
const SCENARIOS: Record<string, () => Promise<unknown>> = {
  "`finish`: no sign-in pending in this browser (started on another host than the callback URL's, in another browser, over 10 minutes ago, or finished already)":
    async () => {
      // The page on 127.0.0.1 starts it; OpenRouter sends the browser back to localhost, which has its own cookies.
      const app = testApp({ callbackUrl: "http://localhost:3000/callback", onWarning: () => {} });
      const onLoopbackAddress = new CookieJar();
      const started = onLoopbackAddress.take(await app.signIn.start(onLoopbackAddress.request("http://127.0.0.1:3000/start")));
      const user = await simulateUser(started.headers.get("location")!, "approve", { fetch: app.fake.fetch, follow: false });
      const onLocalhost = new CookieJar();
      return app.signIn.finish(onLocalhost.request(user.redirectedTo!));
    },
  "`finish`: a sign-in is pending, but the callback's state is missing or none of its own (a forged callback, another sign-in's link)":
    async () => {
      const { app, jar, callback } = await decided();
      callback.searchParams.set("state", "0".repeat(32));
      return app.signIn.finish(jar.request(callback.href));
    },
  "`finish`: the user declined (with the state or, as OpenRouter sends it, without)": async () => {
    const withState = await decided(testApp(), "deny");
    const refusal = await rejectionOf(withState.app.signIn.finish(withState.jar.request(withState.callback.href)));
    expect(refusal).toMatchObject({ name: "AuthorizationDeniedError", code: "authorization_denied" });
    const { app, jar, callback } = await decided(testApp(), "deny");
    callback.searchParams.delete("state");
    return app.signIn.finish(jar.request(callback.href));
  },
  "`finish`: the callback has no code": async () => {
    const { app, jar, callback } = await decided();
    callback.searchParams.delete("code");
    return app.signIn.finish(jar.request(callback.href));
  },
  "`finish`: OpenRouter refused the code (used, expired)": async () => {
    const { app, jar, callback } = await decided();
    app.fake.failNext("exchangeAuthCodeForAPIKey", 403);
    return app.signIn.finish(jar.request(callback.href));
  },
  "`finish`: OpenRouter could not be reached": async () => {
    const refused = Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
    const { app, jar, callback } = await decided(testApp({ fetch: () => Promise.reject(refused) }));
    return app.signIn.finish(jar.request(callback.href));
  },
  "`finish`: the exchange failed otherwise (an error status, a timeout)": async () => {
    const { app, jar, callback } = await decided();
    app.fake.failNext("exchangeAuthCodeForAPIKey", 500);
    return app.signIn.finish(jar.request(callback.href));
  },
  "`start`: a `returnTo` off your site": () => testApp().signIn.start(new Request(`${APP}/start`), { returnTo: "//evil.example" }),
  "`signOut` by GET": () => testApp().signIn.signOut(new Request(`${APP}/sign-out`, { headers: { "sec-fetch-site": "same-origin" } })),
  "`signOut` from another site": () =>
    testApp().signIn.signOut(new Request(`${APP}/sign-out`, { method: "POST", headers: { "sec-fetch-site": "cross-site", origin: "https://evil.example" } })),
};

/** The rows of the table after "## Refusals": [refusal, error] as written. */
async function documentedRows(): Promise<[string, string][]> {
  const markdown = await readFile(new URL("../../docs/servers.md", import.meta.url), "utf8");
  const lines = markdown.slice(markdown.indexOf("## Refusals")).split("\n");
  const start = lines.findIndex((line) => line.startsWith("| refusal"));
  const end = lines.findIndex((line, index) => index > start && !line.startsWith("|"));
  return lines.slice(start + 2, end).map((row) => row.slice(2, -2).split(" | ") as [string, string]);
}

const rows = await documentedRows();

describe("docs/servers.md's refusals", () => {
  it("has a scenario here for each row, and a row for each scenario", () => {
    expect(rows.map(([refusal]) => refusal)).toEqual(Object.keys(SCENARIOS));
  });

  it.each(rows)("%s: %s", async (refusal, documented) => {
    const className = /`(\w+Error)`/.exec(documented)![1] as keyof ErrorsByName;
    const field = /field: "(\w+)"/.exec(documented)?.[1];
    const code = /code: "(\w+)"/.exec(documented)?.[1];
    const error = await rejectionOf(SCENARIOS[refusal]!());
    expect(isOpenRouterOAuthError(error, className), `${(error as Error).name} is not ${className}`).toBe(true);
    expect((error as { field?: string }).field).toBe(field);
    if (code) expect((error as { code: string }).code).toBe(code);
    // The method the app called, named as the row names it.
    if (field) expect((error as Error).message.startsWith(`${/^`(\w+)`/.exec(refusal)![1]}: `)).toBe(true);
  });
});
