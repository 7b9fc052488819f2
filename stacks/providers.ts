import * as hcloud from "@pulumi/hcloud";
import type * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

/**
 * The provider of generated passwords. Pulumi.prod.yaml disables default providers, so it is
 * explicit; it reaches no service. Created once per program run (stacks/program.ts).
 */
export function randomProvider(): random.Provider {
  return new random.Provider("random");
}

/** The fleet's Hetzner Cloud provider; default providers are off, so every hcloud resource names it. */
export function hetznerProvider(config: pulumi.Config): hcloud.Provider {
  return new hcloud.Provider("hcloud", { token: config.requireSecret("hcloudToken") });
}
