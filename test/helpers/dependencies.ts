import * as pulumi from "@pulumi/pulumi";

interface Request {
  getName(): string;
  getDependenciesList(): string[];
}
type RegisterResource = (request: Request, callback: (error: unknown, response: unknown) => void) => unknown;

/**
 * Records, by resource name, the URNs each registration declares it depends on (`dependsOn` and
 * the resources its inputs come from). Call inside a runUnderMocks program, before creating them;
 * the plan's snapshot leaves dependencies out, as the engine orders them itself.
 */
export function recordDependencies(): Map<string, string[]> {
  const dependencies = new Map<string, string[]>();
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: RegisterResource };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    dependencies.set(request.getName(), request.getDependenciesList());
    return register(request, callback);
  };
  return dependencies;
}

/** The resource names in a list of URNs. */
export function names(urns: readonly string[] | undefined): string[] {
  return (urns ?? []).map((urn) => urn.slice(urn.lastIndexOf("::") + 2)).sort();
}
