import { InvalidRequestError } from "../errors/invalid-request-error.js";

/**
 * Web Crypto, or an error naming what needed it (`purpose`, such as "PKCE" or "Sealing the sign-in cookies"):
 * browsers give it only to https and localhost pages.
 */
export function webCrypto(purpose: string): Crypto {
  if (!globalThis.crypto?.subtle) {
    throw new InvalidRequestError(`${purpose} needs Web Crypto, which browsers provide only to https and localhost pages.`);
  }
  return globalThis.crypto;
}
