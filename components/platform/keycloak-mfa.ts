import { createHash } from "node:crypto";
import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";

/**
 * The realm's logins when its organisation requires MFA: a password AND a one-time code, for
 * every user, in the browser and through the password grant. Keycloak's built-in flows ask for a
 * code only from users who already set one up ("conditional"), so a user who never enrols, or
 * removes their authenticator, logs in with a password alone; these flows do not.
 *
 * Authenticator ids and what Keycloak does with them: test/contracts/keycloak/authentication-26.6.4.json.
 */
export const MFA_FLOWS = {
  browser: {
    alias: "jardin browser with otp",
    description: "An SSO session, or username, password and a one-time code; a user without one enrols first",
    steps: [
      // An SSO session already holds both factors: it was opened by the form below.
      { authenticator: "auth-cookie", requirement: "ALTERNATIVE" },
      {
        subflow: "jardin browser with otp forms",
        requirement: "ALTERNATIVE",
        steps: [
          { authenticator: "auth-username-password-form", requirement: "REQUIRED" },
          // REQUIRED, not CONDITIONAL: a user with no authenticator gets CONFIGURE_TOTP and enrols
          // before the login completes (DefaultAuthenticationFlow, SETUP_REQUIRED).
          { authenticator: "auth-otp-form", requirement: "REQUIRED" },
        ],
      },
    ],
  },
  directGrant: {
    alias: "jardin direct grant with otp",
    description: "The password grant (admin-cli's, for one): username, password and a one-time code, never a password alone",
    steps: [
      { authenticator: "direct-grant-validate-username", requirement: "REQUIRED" },
      { authenticator: "direct-grant-validate-password", requirement: "REQUIRED" },
      // REQUIRED: a user without a code gets invalid_grant rather than a token (ValidateOTP).
      { authenticator: "direct-grant-validate-otp", requirement: "REQUIRED" },
    ],
  },
} as const satisfies Record<string, FlowSpec>;

type Requirement = "REQUIRED" | "ALTERNATIVE";
type Step =
  | { readonly authenticator: string; readonly requirement: Requirement }
  | { readonly subflow: string; readonly requirement: Requirement; readonly steps: readonly Step[] };
interface FlowSpec {
  readonly alias: string;
  readonly description: string;
  readonly steps: readonly Step[];
}

/** Keycloak runs a flow's executions by ascending priority (settable since Keycloak 25). */
const PRIORITY_STEP = 10;

/** Which logins of the realm must ask for the code. */
export type MfaLogin = keyof typeof MFA_FLOWS;

export interface RequireOtpArgs {
  /** The realm's name (its id for the provider). */
  readonly realmId: pulumi.Input<string>;
  readonly provider: keycloak.Provider;
  /** @default every login in MFA_FLOWS */
  readonly logins?: readonly MfaLogin[];
  /**
   * The realm's own arguments, where the program manages the realm: the provider sends the
   * realm's bindings with every update of the realm, from the realm's state ("browser" and
   * "direct grant"), which would silently undo this binding; so whenever those arguments change,
   * the binding is made again, after the realm's update (it depends on the realm).
   * @default none: the program never updates the realm
   */
  readonly realmInputs?: pulumi.Input<object>;
  /** What must exist first (the realm). */
  readonly dependsOn?: readonly pulumi.Resource[];
}

/**
 * Builds the flows in the realm and binds them, once every step exists. The binding is deleted
 * before it is made again: deleting one resets the realm to the built-in flows.
 */
export function requireOtpAtLogin(parent: pulumi.Resource, name: string, args: RequireOtpArgs): keycloak.authentication.Bindings {
  const opts = { parent, provider: args.provider };
  const logins = args.logins ?? (Object.keys(MFA_FLOWS) as MfaLogin[]);
  // Aliases are written, not taken from the flows' outputs, so that a preview (and the policy
  // realm-mfa) reads them before the flows exist; dependsOn keeps the order.
  const built = logins.flatMap((key) => {
    const spec = MFA_FLOWS[key];
    const flow = new keycloak.authentication.Flow(
      `${name}-${key}-otp-flow`,
      { realmId: args.realmId, alias: spec.alias, description: spec.description, providerId: "basic-flow" },
      { ...opts, dependsOn: [...(args.dependsOn ?? [])] },
    );
    return [flow, ...addSteps(`${name}-${key}-otp`, args.realmId, spec.alias, spec.steps, [flow], opts)];
  });
  // Bound once every step exists: a flow bound half-built could let a password alone in.
  return new keycloak.authentication.Bindings(
    `${name}-otp-bindings`,
    {
      realmId: args.realmId,
      ...(logins.includes("browser") ? { browserFlow: MFA_FLOWS.browser.alias } : {}),
      ...(logins.includes("directGrant") ? { directGrantFlow: MFA_FLOWS.directGrant.alias } : {}),
    },
    {
      ...opts,
      dependsOn: built,
      deleteBeforeReplace: true,
      ...(args.realmInputs === undefined ? {} : { replacementTrigger: fingerprint(args.realmInputs) }),
    },
  );
}

/**
 * Executions in the order written: explicit priorities, and each created after the one before
 * (Keycloak appends a new execution at the end of its flow). Returns every resource made.
 */
function addSteps(
  prefix: string,
  realmId: pulumi.Input<string>,
  parentFlowAlias: string,
  steps: readonly Step[],
  after: pulumi.Resource[],
  opts: pulumi.CustomResourceOptions,
): pulumi.Resource[] {
  const made: pulumi.Resource[] = [];
  let previous = after;
  steps.forEach((step, index) => {
    const priority = (index + 1) * PRIORITY_STEP;
    if ("authenticator" in step) {
      const execution = new keycloak.authentication.Execution(
        `${prefix}-${step.authenticator}`,
        { realmId, parentFlowAlias, authenticator: step.authenticator, requirement: step.requirement, priority },
        { ...opts, dependsOn: previous },
      );
      made.push(execution);
      previous = [execution];
      return;
    }
    const subflow = new keycloak.authentication.Subflow(
      `${prefix}-${slug(step.subflow)}`,
      { realmId, parentFlowAlias, alias: step.subflow, providerId: "basic-flow", requirement: step.requirement, priority },
      { ...opts, dependsOn: previous },
    );
    const inner = addSteps(prefix, realmId, step.subflow, step.steps, [subflow], opts);
    made.push(subflow, ...inner);
    previous = inner.length > 0 ? [inner[inner.length - 1]!] : [subflow];
  });
  return made;
}

function slug(alias: string): string {
  return alias.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
}

/** A digest of the realm's arguments: it changes when, and only when, the realm is updated. Secret, as they are. */
function fingerprint(inputs: pulumi.Input<object>): pulumi.Output<string> {
  return pulumi.secret(pulumi.output(inputs).apply((resolved) => createHash("sha256").update(JSON.stringify(resolved)).digest("hex")));
}
