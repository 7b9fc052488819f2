import type { Check } from "./check";
import { cloudInitSchema } from "./cloud-init-schema";
import { shellcheck } from "./shellcheck";

/** What `npm run validate` runs, in order. */
export const CHECKS: readonly Check[] = [cloudInitSchema, shellcheck];
