import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { groupBy } from "../model/group-by";

const TYPES = {
  realm: "keycloak:index/realm:Realm",
  requiredAction: "keycloak:index/requiredAction:RequiredAction",
  flow: "keycloak:authentication/flow:Flow",
  subflow: "keycloak:authentication/subflow:Subflow",
  execution: "keycloak:authentication/execution:Execution",
  bindings: "keycloak:authentication/bindings:Bindings",
} as const;

/** The one-time code step of each login Keycloak offers (test/contracts/keycloak/authentication-26.6.4.json). */
export const OTP_STEPS = { browserFlow: "auth-otp-form", directGrantFlow: "direct-grant-validate-otp" } as const;

/**
 * An SSO session may stand in for the login form: Keycloak opens one only at the end of a
 * successful flow, so it holds whatever that flow asked for.
 */
const SESSION_AUTHENTICATOR = "auth-cookie";

/**
 * A realm whose organisation requires MFA (CONFIGURE_TOTP is a default action there) binds, for
 * the browser and for the password grant, flows in which no path skips the one-time code.
 * Resources of one realm are those with the realm's parent: ids and flow outputs are unknown at
 * a first preview, the parent is not.
 */
export const realmMfa: StackValidationPolicy = {
  name: "realm-mfa",
  description:
    "Every Keycloak realm where CONFIGURE_TOTP is a default action (its organisation requires MFA) keeps that action enabled and binds a browser flow and a direct-grant flow, among its own, in which every way through requires the one-time code (auth-otp-form, direct-grant-validate-otp); only an SSO session (auth-cookie) may stand in for the login form. Conditional OTP (Keycloak's built-in flows) asks only users who already have one.",
  validateStack: (args, reportViolation) => {
    // Resources without a parent are siblings at the top of the stack.
    const parentOf = (r: PolicyResource) => r.parent?.urn ?? "";
    const byParent = groupBy(args.resources, parentOf);
    for (const action of args.resources) {
      if (action.type !== TYPES.requiredAction || action.props["alias"] !== "CONFIGURE_TOTP" || action.props["defaultAction"] !== true) continue;
      const siblings = byParent.get(parentOf(action)) ?? [];
      const realm = siblings.find((r) => r.type === TYPES.realm);
      const label = `realm ${String(realm?.props["realm"] ?? action.name)}`;
      for (const problem of realmProblems(action, siblings)) reportViolation(`${label}: ${problem}`, realm?.urn ?? action.urn);
    }
  },
};

function realmProblems(action: PolicyResource, siblings: readonly PolicyResource[]): string[] {
  const problems: string[] = [];
  if (action.props["enabled"] !== true) {
    problems.push("CONFIGURE_TOTP is a default action but not enabled: a required OTP step cannot send a user to enrol; set enabled: true");
  }
  const bindings = siblings.filter((r) => r.type === TYPES.bindings);
  if (bindings.length !== 1) {
    return [...problems, `MFA is required but ${bindings.length} flow bindings are declared, not one: the built-in flows ask a code only of users who set one up; bind flows that require it (components/platform/keycloak-mfa.ts)`];
  }
  const binding = bindings[0]!;
  for (const [bindingKey, authenticator] of Object.entries(OTP_STEPS)) {
    const alias = binding.props[bindingKey];
    const flow = siblings.find((r) => r.type === TYPES.flow && r.props["alias"] === alias);
    if (typeof alias !== "string" || flow === undefined) {
      problems.push(`${bindingKey} is bound to ${JSON.stringify(alias)}, which is not a flow declared for this realm; bind one that requires ${authenticator}`);
    } else if (!mandates(alias, authenticator, siblings, new Set())) {
      problems.push(
        `${bindingKey} "${alias}" lets a login through without ${authenticator}: make it REQUIRED in every way through the flow (not CONDITIONAL, not one ALTERNATIVE among others)`,
      );
    }
  }
  return problems;
}

/**
 * Keycloak's semantics (DefaultAuthenticationFlow): when a flow has REQUIRED steps its ALTERNATIVE
 * ones are skipped and every REQUIRED one runs; otherwise one ALTERNATIVE suffices. CONDITIONAL
 * and DISABLED steps may not run at all.
 */
function mandates(alias: string, authenticator: string, siblings: readonly PolicyResource[], seen: Set<string>): boolean {
  if (seen.has(alias)) return false;
  seen.add(alias);
  const steps = siblings.filter((r) => (r.type === TYPES.execution || r.type === TYPES.subflow) && r.props["parentFlowAlias"] === alias);
  const stepMandates = (step: PolicyResource): boolean =>
    step.type === TYPES.execution
      ? step.props["authenticator"] === authenticator
      : typeof step.props["alias"] === "string" && mandates(step.props["alias"], authenticator, siblings, new Set(seen));
  const required = steps.filter((s) => s.props["requirement"] === "REQUIRED");
  if (required.length > 0) return required.some(stepMandates);
  const alternatives = steps.filter((s) => s.props["requirement"] === "ALTERNATIVE");
  const ways = alternatives.filter((s) => !(s.type === TYPES.execution && s.props["authenticator"] === SESSION_AUTHENTICATOR));
  return ways.length > 0 && ways.every(stepMandates);
}
