import { randomHex } from "../base/encoding.js";
import { checkField, fail, refuseUnknownOptions } from "../transport/options.js";
import { nowProblem } from "../checks/option-checks.js";
import { isHttpUrl, isObject } from "../checks/validate.js";
import { loadJose, type Jose } from "./jose.js";

/** The issuer URL a fake issuer has unless told otherwise. */
export const FAKE_ISSUER_URL = "https://issuer.fake.test";

/** A JWK Set (RFC 7517): public keys, each with its key id (`kid`). */
export interface JwkSet {
  /** The public keys. */
  keys: JsonWebKey[];
}

/** How a fake identity provider is made. */
export interface FakeIssuerOptions {
  /** Its issuer URL, the `iss` of every JWT it signs; https://issuer.fake.test unless set. */
  issuer?: string | undefined;
  /** The clock its JWTs are dated by, in milliseconds since the epoch; Date.now unless set (give the fake's own). */
  now?: (() => number) | undefined;
}

/** The claims of a JWT to sign: `sub` and `aud`, a lifetime, and any other claim (one given here wins). */
export interface FakeIssuerClaims {
  /** The workload, as a federation policy's subject names it (matched exactly). */
  sub: string;
  /** The audience a federation policy expects. */
  aud: string | string[];
  /** Seconds from now until `exp`: 300 (5 minutes, as GitHub's) unless set; negative for an expired JWT. */
  expiresInSeconds?: number | undefined;
  /** Any other claim, such as `nbf`, or an `iss`, `iat` or `exp` of its own. */
  [claim: string]: unknown;
}

/** A fake identity provider: an ES256 key pair, made at its first use, its public keys, and JWTs signed with it. */
export interface FakeIssuer {
  /** Its issuer URL, the `iss` of its JWTs, as a federation policy names it. */
  readonly issuer: string;
  /** Its public keys as a JWK Set (RFC 7517): one ES256 key, with its `kid`. */
  jwks(): Promise<JwkSet>;
  /** Signs a JWT (ES256, with the key's `kid`): `iss` is the issuer, `iat` now, `exp` `expiresInSeconds` later. */
  sign(claims: FakeIssuerClaims): Promise<string>;
}

const DEFAULT_LIFETIME_SECONDS = 300;

/**
 * A fake identity provider for tests of workload identity: signs JWTs that a fake OpenRouter given this issuer (and
 * a policy naming it) exchanges for access tokens. Made at once, like the fake OpenRouter; its ES256 key pair is made
 * at the first `sign` or `jwks`, which reject when the jose package is not installed.
 */
export function createFakeIssuer(options?: FakeIssuerOptions): FakeIssuer {
  refuseUnknownOptions(options, { issuer: 1, now: 1 } satisfies Record<keyof FakeIssuerOptions, 1>, "createFakeIssuer");
  const { issuer = FAKE_ISSUER_URL, now = Date.now } = options ?? {};
  if (!isHttpUrl(issuer)) fail("createFakeIssuer", "issuer", "issuer must be an absolute http(s) URL, like https://issuer.fake.test");
  checkField("createFakeIssuer", "now", now, nowProblem);
  const kid = randomHex(8);
  let keys: Promise<{ jose: Jose; privateKey: CryptoKey; jwks: JwkSet }> | undefined;
  // Made once, at the first use: jose is loaded only then.
  const keysOnce = () =>
    (keys ??= (async () => {
      const jose = await loadJose("createFakeIssuer");
      const { publicKey, privateKey } = await jose.generateKeyPair("ES256", { extractable: true });
      const jwk = { ...(await jose.exportJWK(publicKey)), kid, alg: "ES256", use: "sig" };
      return { jose, privateKey, jwks: { keys: [jwk] } };
    })());
  return {
    issuer,
    async jwks() {
      return (await keysOnce()).jwks;
    },
    async sign(claims) {
      if (!isObject(claims) || typeof claims.sub !== "string" || !(typeof claims.aud === "string" || Array.isArray(claims.aud))) {
        fail("sign", "claims", "expects claims with sub (a string) and aud (a string or an array of strings)");
      }
      const { expiresInSeconds = DEFAULT_LIFETIME_SECONDS, ...rest } = claims;
      if (typeof expiresInSeconds !== "number" || !Number.isFinite(expiresInSeconds)) {
        fail("sign", "expiresInSeconds", "expiresInSeconds must be a finite number of seconds");
      }
      const { jose, privateKey } = await keysOnce();
      const iat = Math.floor(now() / 1000);
      return new jose.SignJWT({ iss: issuer, iat, exp: iat + expiresInSeconds, ...rest }).setProtectedHeader({ alg: "ES256", kid, typ: "JWT" }).sign(privateKey);
    },
  };
}
