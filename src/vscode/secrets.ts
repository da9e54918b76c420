import type { ExtensionContext } from "vscode";

/** The name the key is stored under in the extension's SecretStorage (`context.secrets`). */
export const KEY_SECRET = "openrouter-oauth.key";

/** The key the last sign-in stored in this extension's SecretStorage, or undefined when there is none. */
export async function getKey(context: ExtensionContext): Promise<string | undefined> {
  return context.secrets.get(KEY_SECRET);
}

/** Forgets the key: deletes it from this extension's SecretStorage. The key itself stays valid on OpenRouter. */
export async function signOut(context: ExtensionContext): Promise<void> {
  await context.secrets.delete(KEY_SECRET);
}
