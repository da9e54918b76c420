// The contract table must follow the spec: a status added to (or removed from) the spec without a scenario
// fails here, so the contract suite can never silently skip a documented response.
import { describe, expect, it } from "vitest";
import { documentedResponses } from "../support/spec.js";
import { CONTRACT, scenarioName } from "./scenarios.js";

const documented = documentedResponses().map(scenarioName);
const covered = CONTRACT.map(scenarioName);

describe("the contract table against the spec", () => {
  it("has a scenario for every documented (operation, status)", () => {
    expect(documented.filter((pair) => !covered.includes(pair))).toEqual([]);
  });

  it("has no scenario for an (operation, status) the spec does not document", () => {
    expect(covered.filter((pair) => !documented.includes(pair))).toEqual([]);
  });

  it("has one scenario per (operation, status)", () => {
    expect(covered.filter((pair, i) => covered.indexOf(pair) !== i)).toEqual([]);
  });
});
