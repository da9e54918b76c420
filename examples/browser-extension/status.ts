// What the service worker tells the popup through chrome.storage.session: how the last sign-in went.

/** The key itself, kept under its own name; only the service worker and extension pages can read it. */
export const KEY_ITEM = "openrouter-key";
export const STATUS_ITEM = "openrouter-status";

export type Status =
  | { kind: "working"; way: Way }
  | { kind: "signed-in"; masked: string; userId: string | null }
  | { kind: "failed"; says: string; error?: { name: string; code: string; field?: string | undefined } };

/** The two ways to sign in: launchWebAuthFlow's window, or a tab that comes back to callback.html. */
export type Way = "window" | "tab";

/** What the popup asks the service worker. */
export interface SignInRequest {
  type: "sign-in";
  way: Way;
}
