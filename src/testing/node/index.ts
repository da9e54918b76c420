// openrouter-oauth/testing/node: the fake OpenRouter served over real HTTP on loopback, for a CLI, a browser or
// another process to reach. Node only; the fake itself (openrouter-oauth/testing) needs only fetch and Web Crypto.
export { serveFakeOpenRouter, type ServedFakeOpenRouter, type ServedHandler, type ServeFakeOpenRouterOptions } from "../serve.js";
