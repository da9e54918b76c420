import { toBase64url } from "../base/encoding.js";
import { webCrypto } from "../base/web-crypto.js";
import { pkceValueProblem } from "../checks/validate.js";
import { fail } from "../transport/options.js";

/** A PKCE pair: keep `code_verifier` secret until the exchange; send `code_challenge` with the authorization. */
export interface PkcePair {
  /** The secret half: keep it until the exchange, then send it there and nowhere else. */
  code_verifier: string;
  /** The public half, sent in the authorization URL: the S256 hash of the verifier. */
  code_challenge: string;
  /** Always S256, the only method this package makes. */
  code_challenge_method: "S256";
}

/** The S256 challenge of a verifier (RFC 7636 4.2): base64url(SHA-256(verifier)) without padding. */
export async function computeCodeChallenge(codeVerifier: string): Promise<string> {
  const problem = pkceValueProblem(codeVerifier);
  if (problem) fail("computeCodeChallenge", "code_verifier", `the verifier ${problem}`);
  const digest = await webCrypto("PKCE").subtle.digest("SHA-256", new TextEncoder().encode(codeVerifier));
  return toBase64url(new Uint8Array(digest));
}

/**
 * A fresh pair from 32 random bytes (a 43-character verifier). S256 only: RFC 7636 7.2 forbids falling back to
 * `plain` when S256 is possible, and it always is here.
 */
export async function createPkcePair(): Promise<PkcePair> {
  const code_verifier = toBase64url(webCrypto("PKCE").getRandomValues(new Uint8Array(32)));
  return { code_verifier, code_challenge: await computeCodeChallenge(code_verifier), code_challenge_method: "S256" };
}
