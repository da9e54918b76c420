import type { CurrentKey } from "../operations/get-current-key.js";
import { maskKey } from "../key/mask-key.js";

/** What a sign-in asked for the key it produces: kept with the code, then with the key. */
export interface KeySettings {
  limit?: number | undefined;
  /** How often the limit starts over: daily, weekly or monthly. */
  limitReset?: string | undefined;
  /** ISO 8601, or null for a key that never expires. */
  expiresAt?: string | null | undefined;
}

/** What `fake.keys()` says of one key: never the key itself, which only its holder knows. */
export interface FakeKeyBooks {
  /** The key masked, as GET /key labels it. */
  label: string;
  /** Where it came from: a sign-in, an app key of the fake's options, or a workload token exchange. */
  kind: "minted" | "app" | "access token";
  /** Its credit limit, or null for none. */
  limit: number | null;
  /** Credits spent, as GET /key's usage. */
  usage: number;
  /** Model calls it made that were answered. */
  requests: number;
  /** Whether `revokeKey` revoked it. */
  revoked: boolean;
}

/** One answered call: when, and how many tokens it used (each costs CREDITS_PER_TOKEN). */
interface Spend {
  at: number;
  tokens: number;
}

interface Held extends KeySettings {
  kind: FakeKeyBooks["kind"];
  spent: Spend[];
  revoked: boolean;
}

/** What every token costs on the fake, prompt or completion alike: 0.001 credits. */
export const CREDITS_PER_TOKEN = 0.001;
// Tokens are summed, then priced once, so that the books are exact for whole numbers of tokens.
const credits = (spent: Spend[], since = -Infinity) => spent.reduce((sum, { at, tokens }) => (at >= since ? sum + tokens : sum), 0) * CREDITS_PER_TOKEN;

const DAY_MS = 86_400_000;
/** When today, this week (from Monday) and this month began, in UTC, as OpenRouter's usage periods do. */
function periodStarts(now: number) {
  const date = new Date(now);
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  return { daily: day, weekly: day - ((date.getUTCDay() + 6) % 7) * DAY_MS, monthly: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) };
}

/** The fake account: who owns every key, and the workspace each spends in. */
export interface FakeAccount {
  userId: string;
  workspaceId: string;
}

/**
 * Free-model requests a day for an account that has bought credits, as OpenRouter allows; the fake's keys are
 * not of the free tier.
 */
const FREE_MODEL_REQUESTS_A_DAY = 1000;

/**
 * The keys the fake knows (minted, the apps' own, access tokens), what each spent, and what GET /key says about
 * each. No free model is called, so free_model_daily_requests stays unused.
 */
export function createKeyStore(account: FakeAccount) {
  const keys = new Map<string, Held>();
  /** The key's record while it is valid: known, not revoked, not expired. */
  const valid = (key: string, now: number) => {
    const held = keys.get(key);
    if (!held || held.revoked) return undefined;
    return held.expiresAt && Date.parse(held.expiresAt) <= now ? undefined : held;
  };
  /** What counts against the limit: the current period's usage when the limit resets, else all of it. */
  const againstLimit = (held: Held, now: number) => {
    const reset = held.limitReset as keyof ReturnType<typeof periodStarts> | undefined;
    return credits(held.spent, reset ? periodStarts(now)[reset] : undefined);
  };
  return {
    add(key: string, settings: KeySettings, kind: FakeKeyBooks["kind"] = "minted") {
      keys.set(key, { ...settings, kind, spent: [], revoked: false });
    },
    /** Whether `key` may make a call now. */
    isValid: (key: string, now: number) => valid(key, now) !== undefined,
    /** Whether `key`'s usage has reached its limit, so that a model call is refused with 402. */
    isSpent(key: string, now: number) {
      const held = valid(key, now);
      return held?.limit !== undefined && againstLimit(held, now) >= held.limit;
    },
    /** Adds an answered call's tokens to `key`'s books. */
    spend(key: string, tokens: number, now: number) {
      keys.get(key)?.spent.push({ at: now, tokens });
    },
    /** Revokes `key`; false when the fake does not know it. */
    revoke(key: string) {
      const held = keys.get(key);
      if (held) held.revoked = true;
      return held !== undefined;
    },
    /** Every key's books, in the order the fake came to know them. */
    books: (): FakeKeyBooks[] =>
      [...keys].map(([key, held]) => ({
        label: maskKey(key),
        kind: held.kind,
        limit: held.limit ?? null,
        usage: credits(held.spent),
        requests: held.spent.length,
        revoked: held.revoked,
      })),
    /** What GET /key answers for `key`, or undefined when the fake does not know it, or it is revoked or has expired. */
    describe(key: string, now: number): CurrentKey | undefined {
      const held = valid(key, now);
      if (!held) return undefined;
      const expiresAt = held.expiresAt ?? null;
      const limit = held.limit ?? null;
      const periods = periodStarts(now);
      return {
        // As OpenRouter answers a user key: the key masked, not the name it was given at sign-in.
        label: maskKey(key),
        limit,
        limit_remaining: limit === null ? null : Math.max(0, limit - againstLimit(held, now)),
        limit_reset: limit === null ? null : held.limitReset ?? null,
        usage: credits(held.spent),
        usage_daily: credits(held.spent, periods.daily),
        usage_weekly: credits(held.spent, periods.weekly),
        usage_monthly: credits(held.spent, periods.monthly),
        byok_usage: 0,
        byok_usage_daily: 0,
        byok_usage_weekly: 0,
        byok_usage_monthly: 0,
        include_byok_in_limit: false,
        is_free_tier: false,
        is_management_key: false,
        is_provisioning_key: false,
        creator_user_id: account.userId,
        expires_at: expiresAt,
        rate_limit: { requests: -1, interval: "10s", note: "This field is deprecated and safe to ignore." },
        allowed_data_regions: ["global"],
        free_model_daily_requests: { limit: FREE_MODEL_REQUESTS_A_DAY, remaining: FREE_MODEL_REQUESTS_A_DAY, used: 0 },
        organization_id: null,
        workspace_id: account.workspaceId,
      };
    },
  };
}
