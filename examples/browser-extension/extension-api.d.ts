// The browser's extension API as the example uses it: the package's own ExtensionApi, and the storage it keeps
// the key in. (No @types/chrome: what is used is typed here.)
import type { ExtensionApi } from "openrouter-oauth/extension";

interface StorageArea {
  get(keys: string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

declare global {
  const chrome: ExtensionApi & {
    storage: {
      /** In memory, for this browser session only; extension pages and the service worker may read it. */
      session: StorageArea;
      onChanged: { addListener(listener: (changes: Record<string, { newValue?: unknown }>, area: string) => void): void };
    };
  };
  /** Where OpenRouter lives: set by build.ts (the fake's URLs in tests), openrouter.ai when left undefined. */
  const OPENROUTER_SETTINGS: { authUrl?: string; baseUrl?: string };
}
