import type { ResourceValidationPolicy } from "@pulumi/policy";
import { EU_LOCATIONS, EU_NETWORK_ZONE } from "../model/hetzner";

/** Hetzner inputs that place a resource somewhere (DESIGN.md lists the resources that have them). */
const PLACEMENT_INPUTS = ["location", "homeLocation"] as const;

/** No machine, volume, address or load balancer outside the EU: tenants' data stays in the EU. */
export const euOnly: ResourceValidationPolicy = {
  name: "eu-only",
  description: "Every Hetzner resource is placed in an EU location (fsn1, nbg1, hel1) or the eu-central network zone.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (!args.type.startsWith("hcloud:")) return;
    for (const input of PLACEMENT_INPUTS) {
      const value: unknown = args.props[input];
      if (value !== undefined && !(EU_LOCATIONS as readonly unknown[]).includes(value)) {
        reportViolation(`${input} ${JSON.stringify(value)} is outside the EU; use ${EU_LOCATIONS.join(", ")}`);
      }
    }
    const zone: unknown = args.props["networkZone"];
    if (zone !== undefined && zone !== EU_NETWORK_ZONE) {
      reportViolation(`networkZone ${JSON.stringify(zone)} is outside the EU; use ${EU_NETWORK_ZONE}`);
    }
  },
};
