import * as hcloud from "@pulumi/hcloud";
import type * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

/**
 * The fleet's providers that belong to no cluster. Pulumi.prod.yaml disables default providers,
 * so each is explicit; each exists once per program run (created in stacks/program.ts).
 */
export interface FleetProviders {
  /** Hetzner Cloud (DNS, and machines), with the secret config `hcloudToken`. */
  readonly hcloud: hcloud.Provider;
  /** Generated passwords; it reaches no service. */
  readonly random: random.Provider;
}

export function fleetProviders(config: pulumi.Config): FleetProviders {
  return {
    hcloud: new hcloud.Provider("hcloud", { token: config.requireSecret("hcloudToken") }),
    random: new random.Provider("random"),
  };
}
