import { describe, expect, it } from "vitest";
import { manualSteps } from "../../model/manual-steps";

const fleet = {
  clusters: {
    "ada-lovelace": { origin: { kind: "created" } },
    "louise-michel": { origin: { kind: "adopted" } },
  },
} as unknown as Parameters<typeof manualSteps>[0];

describe("manualSteps", () => {
  it("asks the gardeners of an adopted cluster to open each Jitsi tenant's videobridge port, in tenant order", () => {
    const tenants = [
      { id: "zeta", cluster: "louise-michel" },
      { id: "fede-educpop", cluster: "louise-michel" },
    ];
    const ports = new Map([["zeta", 30001], ["fede-educpop", 31234]]);
    expect(manualSteps(fleet, tenants, ports)).toEqual({
      "louise-michel": [
        "open UDP 31234 from anywhere to every node of louise-michel: fede-educpop's Jitsi videobridge (media fails without it)",
        "open UDP 30001 from anywhere to every node of louise-michel: zeta's Jitsi videobridge (media fails without it)",
      ],
    });
  });

  it("asks nothing for a created cluster, whose firewall jardin opens, nor for a tenant without Jitsi", () => {
    const tenants = [
      { id: "la-fourmiliere", cluster: "ada-lovelace" },
      { id: "amap-du-plateau", cluster: "louise-michel" },
    ];
    expect(manualSteps(fleet, tenants, new Map([["la-fourmiliere", 30500]]))).toEqual({});
  });
});
