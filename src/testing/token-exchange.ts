// The fake's side of workload identity: POST /oauth/token checks a workload's JWT as OpenRouter does (signature,
// issuer, subject, audience, dates) against the issuers and federation policies it was given, and mints ES256
// access tokens that GET /key then accepts until they expire; GET /oauth/jwks publishes the key that signs them.
import { ACCESS_TOKEN_MAX_SECONDS } from "../operations/create-oauth-token.js";
import { randomHex } from "../base/encoding.js";
import { requestProblem, TOKEN_EXCHANGE_GRANT, TOKEN_EXCHANGE_RULES } from "../operations/request-rules.js";
import { isHttpUrl, isObject } from "../checks/validate.js";
import { fail } from "../transport/options.js";
import type { FakeIssuer } from "./fake-issuer.js";
import { JOSE_MISSING, loadJose, type Jose } from "./jose.js";
import type { KeySettings } from "./minted-keys.js";

/** A federation policy, as an organization admin sets one up: which JWTs it accepts, by issuer, subject and audience. */
export interface FakeFederationPolicy {
  /** The id a workload sends as federation_policy_id. */
  id: string;
  /** The issuer whose JWTs it accepts: its URL, or the fake issuer itself. */
  issuer: string | Pick<FakeIssuer, "issuer">;
  /** The `sub` it accepts, matched exactly. */
  subject: string;
  /** The `aud` it requires. */
  audience: string;
}

/** The fake's workload identity: the identity providers it trusts, and its federation policies. */
export interface FakeWorkloadIdentityOptions {
  /** The identity providers it trusts: fake issuers, or anything with an issuer URL and a `jwks()` of public keys. */
  issuers: Pick<FakeIssuer, "issuer" | "jwks">[];
  /** The federation policies, each naming one of the issuers. */
  policies: FakeFederationPolicy[];
}

/** The longest an access token lives: 15 minutes, as OpenRouter's (and the longest the client holds one). */
export { ACCESS_TOKEN_MAX_SECONDS };

/** The RFC 6749 codes of the exchange's refusals. */
type OAuthCode = "invalid_request" | "invalid_grant" | "unsupported_grant_type" | "invalid_scope" | "server_error" | "temporarily_unavailable";

/** An error of the token exchange, in RFC 6749's shape. Descriptions never quote what was sent. */
export const oauthFailure = (status: number, error: OAuthCode, description: string, headers: Record<string, string> = {}) =>
  Response.json({ error, error_description: description }, { status, headers: { "cache-control": "no-store", ...headers } });

/** The RFC 6749 code a failNext status of the token exchange answers with. */
export const failNextCode = (status: number): OAuthCode =>
  status === 503 || status === 429 ? "temporarily_unavailable" : status >= 500 ? "server_error" : "invalid_request";

const refuse = (description: string) => oauthFailure(400, "invalid_grant", description);

interface CheckedPolicy {
  id: string;
  issuer: string;
  subject: string;
  audience: string;
}

// A problem is named as the option of createFakeOpenRouter it came in.
const WHERE = "createFakeOpenRouter";
const ISSUERS = "workloadIdentity.issuers";
const POLICIES = "workloadIdentity.policies";

/** The checked options: the policies by id, and each issuer's key set by its URL. */
function checkOptions(options: FakeWorkloadIdentityOptions) {
  if (!isObject(options)) fail(WHERE, "workloadIdentity", "workloadIdentity must be an object of issuers and policies");
  const { issuers, policies } = options;
  if (!Array.isArray(issuers)) fail(WHERE, ISSUERS, `${ISSUERS} must be an array of fake issuers (from createFakeIssuer)`);
  if (!Array.isArray(policies)) fail(WHERE, POLICIES, `${POLICIES} must be an array of { id, issuer, subject, audience }`);
  const keySets = new Map<string, FakeIssuer["jwks"]>();
  for (const issuer of issuers) {
    if (!isHttpUrl(issuer?.issuer) || typeof issuer.jwks !== "function") fail(WHERE, ISSUERS, `${ISSUERS} must each have an issuer URL and a jwks() of public keys, as createFakeIssuer gives`);
    keySets.set(issuer.issuer, () => issuer.jwks());
  }
  const byId = new Map<string, CheckedPolicy>();
  for (const policy of policies) {
    const issuer = typeof policy?.issuer === "string" ? policy.issuer : policy?.issuer?.issuer;
    const fields = [policy?.id, policy?.subject, policy?.audience];
    if (!fields.every((field) => typeof field === "string" && field)) fail(WHERE, POLICIES, `${POLICIES} must each have a non-empty id, subject and audience`);
    if (!issuer || !keySets.has(issuer)) fail(WHERE, POLICIES, `${POLICIES}: the policy ${policy.id} names an issuer that is not among the issuers`);
    if (byId.has(policy.id)) fail(WHERE, POLICIES, `${POLICIES}: two policies have the id ${policy.id}`);
    byId.set(policy.id, { id: policy.id, issuer: issuer!, subject: policy.subject, audience: policy.audience });
  }
  return { byId, keySets };
}

/**
 * The fake's token exchange and JWK Set, on its clock. Each access token minted is handed to `keep`, with what
 * GET /key is to say of it.
 */
export function createTokenExchange(options: FakeWorkloadIdentityOptions | undefined, now: () => number, keep: (token: string, key: KeySettings) => void) {
  const { byId, keySets } = options === undefined ? { byId: new Map<string, CheckedPolicy>(), keySets: new Map() } : checkOptions(options);
  // The fake's own signing key, made at its first use.
  let signing: Promise<{ privateKey: CryptoKey; jwk: JsonWebKey & { kid: string } }> | undefined;
  const signingKey = (jose: Jose) =>
    (signing ??= jose.generateKeyPair("ES256", { extractable: true }).then(async ({ publicKey, privateKey }) => ({
      privateKey,
      jwk: { ...(await jose.exportJWK(publicKey)), kid: `fake-openrouter-${randomHex(4)}`, alg: "ES256", use: "sig" },
    })));

  /** Why the JWT cannot be exchanged under `policy`, or its claims when it can. */
  async function checkJwt(jose: Jose, token: string, policy: CheckedPolicy): Promise<string | { sub: string; exp: number }> {
    let alg: unknown;
    try {
      alg = jose.decodeProtectedHeader(token).alg;
    } catch {
      return "The subject token is not a JWT";
    }
    // Only what the issuer's keys sign: an unsigned JWT (alg none) or an HMAC one (whose "key" is public) never.
    if (alg !== "ES256") return "The subject token's algorithm is not accepted; only signatures of the issuer's keys are";
    let payload: Record<string, unknown>;
    try {
      const keys = await keySets.get(policy.issuer)!();
      ({ payload } = await jose.jwtVerify(token, jose.createLocalJWKSet(keys as Parameters<Jose["createLocalJWKSet"]>[0]), {
        algorithms: ["ES256"],
        currentDate: new Date(now()),
        requiredClaims: ["exp"],
      }));
    } catch (error) {
      const code = (error as { code?: string; claim?: string }).code;
      return code === "ERR_JWT_EXPIRED" ? "The subject token has expired"
        : code === "ERR_JWT_CLAIM_VALIDATION_FAILED" && (error as { claim?: string }).claim === "nbf" ? "The subject token is not valid yet (nbf)"
        : code === "ERR_JWT_CLAIM_VALIDATION_FAILED" ? "The subject token has no valid exp"
        : "The subject token's signature does not verify against the keys of the policy's issuer";
    }
    const nowSeconds = now() / 1000;
    if (typeof payload.iat === "number" && payload.iat > nowSeconds) return "The subject token was issued in the future (iat)";
    if (payload.iss !== policy.issuer) return "The subject token's iss is not the policy's issuer";
    if (payload.sub !== policy.subject) return "The subject token's sub is not the policy's subject";
    const audiences = [payload.aud].flat();
    if (!audiences.includes(policy.audience)) return "The subject token's aud does not include the policy's audience";
    return { sub: payload.sub, exp: payload.exp as number };
  }

  async function token(request: Request): Promise<Response> {
    if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers.get("content-type") ?? "")) {
      return oauthFailure(400, "invalid_request", "The body must be application/x-www-form-urlencoded");
    }
    const form = new URLSearchParams(await request.text());
    const fields: Record<string, string> = {};
    for (const [name, value] of form) {
      // RFC 6749 section 3.2: a parameter must not be included more than once.
      if (Object.hasOwn(fields, name)) return oauthFailure(400, "invalid_request", `The parameter ${name} was sent more than once`);
      fields[name] = value;
    }
    if (fields.grant_type !== undefined && fields.grant_type !== TOKEN_EXCHANGE_GRANT) {
      return oauthFailure(400, "unsupported_grant_type", "Only the token exchange grant is supported");
    }
    // The client's own rules, so that it refuses before sending exactly what is answered with 400 here.
    const problem = requestProblem(TOKEN_EXCHANGE_RULES, fields, true);
    if (problem) {
      if (problem.field === "scope") return oauthFailure(400, "invalid_scope", "The only scope is inference");
      if (problem.field === "subject_token" && fields.subject_token) return refuse("The subject token is not a JWT");
      return oauthFailure(400, "invalid_request", problem.message);
    }
    const policy = byId.get(fields.federation_policy_id!);
    if (!policy) return refuse("No federation policy has this id");
    let jose: Jose;
    try {
      jose = await loadJose("The fake OpenRouter");
    } catch {
      return oauthFailure(500, "server_error", `The fake OpenRouter ${JOSE_MISSING}`);
    }
    const checked = await checkJwt(jose, fields.subject_token!, policy);
    if (typeof checked === "string") return refuse(checked);
    const issuedAt = Math.floor(now() / 1000);
    // Never longer than the JWT that was exchanged for it.
    const lifetime = Math.min(ACCESS_TOKEN_MAX_SECONDS, Math.floor(checked.exp - issuedAt));
    if (lifetime < 1) return refuse("The subject token has expired");
    const { privateKey, jwk } = await signingKey(jose);
    const accessToken = await new jose.SignJWT({
      sub: checked.sub,
      federation_policy_id: policy.id,
      scope: "inference",
      jti: randomHex(16),
      iat: issuedAt,
      exp: issuedAt + lifetime,
    })
      .setProtectedHeader({ alg: "ES256", kid: jwk.kid, typ: "JWT" })
      .setIssuer(new URL(request.url).origin)
      .sign(privateKey);
    keep(accessToken, { expiresAt: new Date((issuedAt + lifetime) * 1000).toISOString() });
    return Response.json(
      { access_token: accessToken, expires_in: lifetime, issued_token_type: "urn:ietf:params:oauth:token-type:access_token", scope: "inference", token_type: "Bearer" },
      // RFC 6749 section 5.1: a token answer is never cached.
      { headers: { "cache-control": "no-store", pragma: "no-cache" } },
    );
  }

  async function jwks(): Promise<Response> {
    let jose: Jose;
    try {
      jose = await loadJose("The fake OpenRouter");
    } catch {
      return Response.json({ error: { code: 500, message: `The fake OpenRouter ${JOSE_MISSING}` } }, { status: 500 });
    }
    const { jwk } = await signingKey(jose);
    return Response.json({ keys: [jwk] });
  }

  return { token, jwks };
}
