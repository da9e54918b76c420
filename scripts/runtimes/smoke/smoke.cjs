// The installed package, loaded through `require` as a CommonJS app would.
const library = require("openrouter-oauth");

import("./checks.mjs")
  .then(({ runSmoke }) => runSmoke(library, { moduleSystem: "require", entry: require.resolve("openrouter-oauth") }))
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
