// The installed package, used through `require`.
const { computeCodeChallenge, createOpenRouterOAuth, ForbiddenResponseError } = require("openrouter-oauth");

import("./checks.mjs").then(({ runSmoke }) =>
  runSmoke({ computeCodeChallenge, createOpenRouterOAuth, ForbiddenResponseError }, "require"),
).catch((error) => {
  console.error(error);
  process.exit(1);
});
