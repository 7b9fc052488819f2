import type { VerifyContext } from "./context";
import { httpsGet } from "./https";
import { messageOf, ok, problem, type CheckResult } from "./result";

/** What a realm's discovery document says that verify uses (OpenID Connect Discovery 1.0, section 3). */
export interface Discovery {
  readonly issuer: string;
  readonly authorization_endpoint: string;
}

export type DiscoveryOutcome = { readonly result: CheckResult; readonly discovery?: Discovery };

const REMEDY = "check the fleet's Keycloak runs (`kubectl -n keycloak get pods`) and that the realm exists (its admin console, or `pulumi up`)";

/** The realm's discovery answers, names the realm's issuer and an authorization endpoint. */
export async function checkDiscovery(context: VerifyContext, subject: string, issuer: string): Promise<DiscoveryOutcome> {
  const check = "oidc discovery";
  let response;
  try {
    response = await httpsGet(context, new URL(`${issuer}/.well-known/openid-configuration`), { accept: "application/json" });
  } catch (error) {
    return { result: problem("fail", subject, check, `no answer from ${issuer}: ${messageOf(error)}`, REMEDY) };
  }
  if (response.status !== 200) return { result: problem("fail", subject, check, `HTTP ${response.status} from ${issuer}/.well-known/openid-configuration`, REMEDY) };
  let document: Partial<Discovery>;
  try {
    document = JSON.parse(response.body) as Partial<Discovery>;
  } catch {
    return { result: problem("fail", subject, check, "the discovery document is not JSON", REMEDY) };
  }
  if (document.issuer !== issuer) {
    return { result: problem("fail", subject, check, `it names the issuer ${JSON.stringify(document.issuer)}, not ${issuer}`, "check Keycloak's hostname setting (KC_HOSTNAME) is the fleet's sso address") };
  }
  if (typeof document.authorization_endpoint !== "string") return { result: problem("fail", subject, check, "it names no authorization_endpoint", REMEDY) };
  return { result: ok(subject, check, issuer), discovery: { issuer, authorization_endpoint: document.authorization_endpoint } };
}
