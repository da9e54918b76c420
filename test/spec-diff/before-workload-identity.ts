// Our spec as it was before it described workload identity: without POST /oauth/token and GET /oauth/jwks, and
// declaring both left out with `x-left-out-operations`. The tests of left-out operations use it, so that they hold
// whatever the checked-in spec leaves out today.
import { spec } from "../support/spec.js";

export const LEFT_OUT_REASON = "Workload identity is not described yet.";

/** A fresh copy of our spec without the two workload identity operations, both declared left out. */
export function specBeforeWorkloadIdentity() {
  const ours = structuredClone(spec);
  for (const path of ["/oauth/token", "/oauth/jwks"]) {
    if (!ours.paths[path]) throw new Error(`our spec no longer describes ${path}: this fixture needs updating`);
    delete ours.paths[path];
  }
  ours["x-left-out-operations"] = [
    { operationId: "createOauthToken", reason: LEFT_OUT_REASON },
    { operationId: "listOauthJwks", reason: LEFT_OUT_REASON },
  ];
  return ours;
}
