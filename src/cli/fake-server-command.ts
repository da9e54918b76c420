// `openrouter-oauth fake-server`: the fake OpenRouter on loopback until Ctrl-C, with what an offline try needs
// printed: its URLs, its app key, and with --workload a fake identity provider, a federation policy and a ready
// `token` command.
import { whenAborted } from "../base/abort.js";
import { createFakeIssuer, createFakeOpenRouter, FAKE_APP_API_KEY } from "../testing/index.js";
import { serveFakeOpenRouter } from "../testing/node/index.js";
import { parse, portValue } from "./args.js";
import { EXIT, FAKE_SERVER_HELP } from "./help.js";
import type { CliIo } from "./run.js";
import type { FailureContext } from "./words.js";

const FAKE_SERVER_OPTIONS = {
  help: { type: "boolean", short: "h" },
  port: { type: "string" },
  workload: { type: "boolean" },
} as const;

/** The fake's one federation policy under --workload: what a JWT of its issuer must say. */
export const FAKE_POLICY = { id: "00000000-0000-4000-8000-00000000f00d", subject: "fake-workload", audience: "https://openrouter.ai" };
/** How long the printed JWT is valid: long enough to try `token` a few times by hand. */
const JWT_SECONDS = 3600;

export async function runFakeServer(args: string[], io: CliIo, context: FailureContext): Promise<number> {
  const { values } = parse(args, FAKE_SERVER_OPTIONS);
  if (values.help) {
    io.stdout.write(FAKE_SERVER_HELP);
    return EXIT.ok;
  }
  const port = portValue(values.port);
  context.port = port;
  const issuer = values.workload ? createFakeIssuer() : undefined;
  const policies = issuer ? [{ ...FAKE_POLICY, issuer }] : [];
  // Signed before listening, so that a missing jose stops it at once.
  const jwt = await issuer?.sign({ sub: FAKE_POLICY.subject, aud: FAKE_POLICY.audience, expiresInSeconds: JWT_SECONDS });
  const fake = createFakeOpenRouter(issuer ? { workloadIdentity: { issuers: [issuer], policies } } : {});
  const server = await serveFakeOpenRouter(fake, port === undefined ? {} : { port });
  let text =
    `Fake OpenRouter listening on ${server.origin}\n` +
    `  base URL   ${server.baseUrl}\n` +
    `  auth URL   ${server.authUrl}\n` +
    `  app key    ${FAKE_APP_API_KEY}\n` +
    `  models     POST ${server.baseUrl}/chat/completions answers "Echo: " and your last message\n` +
    `Try: openrouter-oauth login --base-url ${server.baseUrl} --auth-url ${server.authUrl}\n`;
  if (jwt) {
    text +=
      `Workload identity: issuer ${issuer!.issuer}, federation policy ${FAKE_POLICY.id} (sub ${FAKE_POLICY.subject}, aud ${FAKE_POLICY.audience}).\n` +
      `Try, within the hour this JWT is valid:\n` +
      `  OPENROUTER_ID_TOKEN=${jwt} openrouter-oauth token --federation-policy ${FAKE_POLICY.id} --subject-token-env OPENROUTER_ID_TOKEN --base-url ${server.baseUrl}\n`;
  }
  io.stdout.write(`${text}Press Ctrl-C to stop.\n`);
  await new Promise<void>((resolve) => whenAborted(io.signal, () => resolve()));
  await server.close();
  io.stderr.write("Fake OpenRouter stopped.\n");
  // Stopped by a signal, which is its only way to stop.
  return EXIT.interrupted;
}
