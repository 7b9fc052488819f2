/** A failure the plan explains in its message (bad base, undeclared config key, duplicate URN). */
export class PlanError extends Error {
  override readonly name = "PlanError";
}
