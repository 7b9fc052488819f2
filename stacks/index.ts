// The Pulumi entry (Pulumi.yaml `main`): the stack's outputs are whatever the program resolves to.
import { buildStack } from "./program";

export = buildStack();
