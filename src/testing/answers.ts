// How the fake reads a request and answers it, in OpenRouter's shapes: shared by its OAuth routes and its model calls.
import { isObject } from "../checks/validate.js";

/** A JSON answer; never cached, as OpenRouter's are not. */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "cache-control": "no-store", ...headers } });

/** An error in OpenRouter's shape. Messages never quote what was sent: it may hold a code, a verifier or a key. */
export const failure = (status: number, message: string, headers?: Record<string, string>) =>
  json(status, { error: { code: status, message } }, headers);

/** The key of an `Authorization: Bearer <key>` header, if the request has one. */
export const bearerOf = (request: Request) => /^Bearer +(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];

/** The request's body when it is a JSON object, or undefined. */
export async function jsonObject(request: Request): Promise<Record<string, unknown> | undefined> {
  try {
    const body: unknown = JSON.parse(await request.text());
    return isObject(body) ? body : undefined;
  } catch {
    return undefined;
  }
}
