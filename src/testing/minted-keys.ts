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
 * The keys the fake minted, and what GET /key says about each: nothing spent yet and no free-model request
 * made, since the fake runs no models.
 */
export function createKeyStore(account: FakeAccount) {
  const keys = new Map<string, KeySettings>();
  return {
    add(key: string, settings: KeySettings) {
      keys.set(key, settings);
    },
    /** What GET /key answers for `key`, or undefined when the fake does not know it (minted, or an app's) or it has expired. */
    describe(key: string, now: number): CurrentKey | undefined {
      const settings = keys.get(key);
      if (!settings) return undefined;
      const expiresAt = settings.expiresAt ?? null;
      if (expiresAt !== null && Date.parse(expiresAt) <= now) return undefined;
      const limit = settings.limit ?? null;
      return {
        // As OpenRouter answers a user key: the key masked, not the name it was given at sign-in.
        label: maskKey(key),
        limit,
        limit_remaining: limit,
        limit_reset: limit === null ? null : settings.limitReset ?? null,
        usage: 0,
        usage_daily: 0,
        usage_weekly: 0,
        usage_monthly: 0,
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
