// The installed package, loaded through `require` as a CommonJS app would.
const library = require("openrouter-oauth");
const server = require("openrouter-oauth/server");

import("./checks.mjs")
  .then(({ runSmoke }) => runSmoke(library, { moduleSystem: "require", entry: require.resolve("openrouter-oauth"), server }))
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
