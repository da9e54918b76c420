// Google Cloud's metadata server: an ID token of the instance's service account, with the audience the policy names.
import { SubjectTokenError } from "../errors/subject-token-error.js";
import { processEnvironment } from "./environment.js";
import { checkAudience, checkSourceOptions, requestToken, SOURCE_OPTIONS, type SourceOptions } from "./source-request.js";
import type { SubjectTokenSource } from "./subject-token.js";

/** fromGoogleMetadata's options. */
export interface GoogleMetadataOptions extends SourceOptions {
  /** The JWT's `aud`: the Audience of the federation policy. */
  audience: string;
}

const SOURCE = "Google's metadata server";
const DEFAULT_HOST = "metadata.google.internal";

/**
 * An ID token of the service account of the Google Cloud instance, function or Cloud Run service this runs on,
 * fetched afresh each time. The metadata server is found as Google's own clients find it: `GCE_METADATA_HOST`,
 * else metadata.google.internal.
 */
export function fromGoogleMetadata(options: GoogleMetadataOptions): SubjectTokenSource {
  checkSourceOptions(options, { ...SOURCE_OPTIONS, audience: 1 }, "fromGoogleMetadata");
  const audience = options?.audience;
  checkAudience(audience, "fromGoogleMetadata");
  return {
    async getToken() {
      const host = (options.env ?? processEnvironment()).GCE_METADATA_HOST || DEFAULT_HOST;
      const url = `http://${host}/computeMetadata/v1/instance/service-accounts/default/identity`;
      if (!URL.canParse(url)) throw new SubjectTokenError(`${SOURCE}: GCE_METADATA_HOST is not a host name.`, { source: SOURCE });
      return requestToken(
        {
          source: SOURCE,
          // `format=full` puts the instance's details in the token, for policies that match them.
          url: `${url}?${new URLSearchParams({ audience, format: "full" })}`,
          headers: { "metadata-flavor": "Google" },
          secrets: [],
          retriesStatus: (status) => status === 429 || status >= 500,
          tokenIn(text, headers) {
            // Whatever answers without it is not the metadata server (a proxy, a captive portal).
            if (headers.get("metadata-flavor") !== "Google") {
              throw new SubjectTokenError(`${SOURCE} answered without Metadata-Flavor: Google, so the answer is not the metadata server's.`, { source: SOURCE });
            }
            return text;
          },
        },
        options,
      );
    },
  };
}
