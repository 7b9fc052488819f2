/**
 * Node's flags for `npm run plan` and `npm run report` (package.json), which the benchmark gives the
 * plan and the floor alike. A young generation of 32 MiB lets most of one tenant's garbage die
 * young instead of being copied into the old generation: about a quarter less time at 100 tenants.
 */
export const PLAN_NODE_FLAGS = ["--max-semi-space-size=32"] as const;
