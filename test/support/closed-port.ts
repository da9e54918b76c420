// A loopback port to be refused on: bound a moment ago by the system's choice, and closed again.
import { createServer } from "node:http";

/** A 127.0.0.1 port that was just free and that nothing listens on now, so that connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
