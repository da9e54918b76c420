// The home page, a server component: the signed-in user's key is read from the request's headers.
import { maskKey } from "openrouter-oauth";

import { headers } from "next/headers";
import { signIn } from "../lib/sign-in";

export default async function Home() {
  const key = await signIn.keyOf(await headers());
  if (!key) {
    return (
      <>
        <h1>Example app</h1>
        <p>This app uses your OpenRouter account.</p>
        <p><a className="button" href="/auth/openrouter/start">Sign in with OpenRouter</a></p>
      </>
    );
  }
  const { settings } = await signIn.keyLinks(key);
  return (
    <>
      <h1>Signed in</h1>
      <p id="status">You are signed in with OpenRouter.</p>
      <p>
        This app holds the key <code id="masked-key">{maskKey(key)}</code>. <a id="key-settings" href={settings}>Manage or revoke it on OpenRouter</a>.
      </p>
      <form method="post" action="/auth/openrouter/sign-out">
        <button type="submit">Sign out</button>
      </form>
    </>
  );
}
