import type { CurrentKey } from "../get-current-key.js";
import { maskKey } from "../mask-key.js";

/** What a sign-in asked for the key it produces: kept with the code, then with the key. */
export interface KeySettings {
  label?: string | undefined;
  limit?: number | undefined;
  /** How often the limit starts over: daily, weekly or monthly. */
  limitReset?: string | undefined;
  /** ISO 8601, or null for a key that never expires. */
  expiresAt?: string | null | undefined;
}

/** The keys the fake minted, and what GET /key says about each: nothing spent yet, since the fake runs no models. */
export function createKeyStore(userId: string) {
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
        label: settings.label ?? maskKey(key),
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
        creator_user_id: userId,
        expires_at: expiresAt,
        rate_limit: { requests: -1, interval: "10s", note: "This field is deprecated and safe to ignore." },
      };
    },
  };
}
