import type { ResourceValidationPolicy } from "@pulumi/policy";
import { euOnly } from "./eu-only";
import { tenantDataProtected } from "./tenant-data-protected";

/** Every policy of the pack; the pack (index.ts) and the offline plan both run this list. */
export const POLICIES: readonly ResourceValidationPolicy[] = [euOnly, tenantDataProtected];
