import { toHex } from "../base/encoding.js";
import { InvalidRequestError } from "../errors/invalid-request-error.js";
import { webCrypto } from "../base/web-crypto.js";
import { isHttpUrl } from "../checks/validate.js";

/** OpenRouter's pages about one key; they open only for the signed-in owner of the key. */
export interface KeyLinks {
  /** Where the owner renames, limits or deletes (revokes) the key. */
  settings: string;
  /** The requests made with the key. */
  activity: string;
}

/** OpenRouter's site, where a user manages the keys apps hold. */
export const OPENROUTER_ORIGIN = "https://openrouter.ai";

/**
 * The links to a key's settings and activity, built from the lowercase hex SHA-256 of the key: the honest way
 * to let a user revoke or limit a key, which an app cannot do itself. The key itself is in neither link.
 * `origin` is OpenRouter's site unless set (another deployment, the embedded fake).
 */
export async function keyLinks(key: string, origin: string = OPENROUTER_ORIGIN): Promise<KeyLinks> {
  if (typeof key !== "string" || !key) {
    throw new InvalidRequestError("keyLinks: key must be a non-empty string (the API key).", { field: "key" });
  }
  if (!isHttpUrl(origin) || new URL(origin).origin !== origin) {
    throw new InvalidRequestError("keyLinks: origin must be a site's origin, like https://openrouter.ai.", { field: "origin" });
  }
  const digest = await webCrypto("keyLinks").subtle.digest("SHA-256", new TextEncoder().encode(key));
  const hash = toHex(new Uint8Array(digest));
  return {
    settings: `${origin}/keys/${hash}`,
    activity: `${origin}/logs?api_key_hash=${hash}`,
  };
}
