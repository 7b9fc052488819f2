import * as random from "@pulumi/random";

/**
 * The provider of generated passwords. Pulumi.prod.yaml disables default providers, so it is
 * explicit; it reaches no service. Created once per program run (stacks/program.ts).
 */
export function randomProvider(): random.Provider {
  return new random.Provider("random");
}
