import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { alertRulesPresent } from "./alert-rules-present";
import { dataProtected } from "./data-protected";
import { euOnly } from "./eu-only";
import { ingressTls } from "./ingress-tls";
import { namespaceDefaultDeny } from "./namespace-default-deny";
import { owncastVariantsDeclared } from "./owncast-variants-declared";
import { podSecurity } from "./pod-security";
import { realmMfa } from "./realm-mfa";
import { secretsPerTenant } from "./secrets-per-tenant";
import { ssoAdminPrivate } from "./sso-admin-private";
import { tenantEgressPublic } from "./tenant-egress-public";
import { tenantIsolation } from "./tenant-isolation";
import { tenantStorageRetained } from "./tenant-storage-retained";
import { video720p } from "./video-720p";

/** Policies that look at one resource's inputs and options at a time. */
export const RESOURCE_POLICIES: readonly ResourceValidationPolicy[] = [video720p, euOnly, dataProtected, podSecurity, ingressTls];

/** Policies that look at the whole stack: what one resource needs of others. */
export const STACK_POLICIES: readonly StackValidationPolicy[] = [
  owncastVariantsDeclared,
  tenantIsolation,
  tenantStorageRetained,
  realmMfa,
  namespaceDefaultDeny,
  tenantEgressPublic,
  ssoAdminPrivate,
  secretsPerTenant,
  alertRulesPresent,
];

/** Every policy of the pack; the pack (index.ts) and the offline plan both run this list. */
export const POLICIES: readonly (ResourceValidationPolicy | StackValidationPolicy)[] = [...RESOURCE_POLICIES, ...STACK_POLICIES];
