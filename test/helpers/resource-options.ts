import * as pulumi from "@pulumi/pulumi";

/** What the engine receives of a registration's options, beyond what the plan's snapshot keeps. */
export interface RecordedOptions {
  readonly dependencies: string[];
  readonly ignoreChanges: string[];
  readonly deleteBeforeReplace: boolean;
  /** The trigger's wire form (a secret stays wrapped); undefined when none. */
  readonly replacementTrigger: unknown;
}

interface Request {
  getName(): string;
  getDependenciesList(): string[];
  getIgnorechangesList(): string[];
  getDeletebeforereplace(): boolean;
  getReplacementTrigger(): { toJavaScript(): unknown } | undefined;
}
type RegisterResource = (request: Request, callback: (error: unknown, response: unknown) => void) => unknown;

/**
 * Records, by resource name, the options each registration carries. Call inside a runUnderMocks
 * program, before creating the resources.
 */
export function recordOptions(): Map<string, RecordedOptions> {
  const recorded = new Map<string, RecordedOptions>();
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: RegisterResource };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    recorded.set(request.getName(), {
      dependencies: request.getDependenciesList(),
      ignoreChanges: request.getIgnorechangesList(),
      deleteBeforeReplace: request.getDeletebeforereplace(),
      replacementTrigger: request.getReplacementTrigger()?.toJavaScript(),
    });
    return register(request, callback);
  };
  return recorded;
}
