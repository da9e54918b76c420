// The installed package, used through `import` as an app would: PKCE vector, exchange, and one error class.
import { computeCodeChallenge, createOpenRouterOAuth, ForbiddenResponseError } from "openrouter-oauth";
import { runSmoke } from "./checks.mjs";

await runSmoke({ computeCodeChallenge, createOpenRouterOAuth, ForbiddenResponseError }, "import");
