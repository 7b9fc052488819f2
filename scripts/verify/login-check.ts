import type { AppLogin } from "../../model/contract/verify-targets";
import type { VerifyContext } from "./context";
import type { Discovery } from "./discovery-check";
import { httpsGet } from "./https";
import { messageOf, ok, problem, type CheckResult } from "./result";

/** Redirects followed on the app's own host before it must send the browser to the realm. */
const MAX_HOPS = 5;

/**
 * The app's login, started as a browser would (GET, HTML accepted, cookies kept), goes through
 * the app's own host to the realm's authorization endpoint with the client id, the redirect URI
 * the client accepts and, where the client requires it, a PKCE S256 challenge: what Keycloak
 * checks before it shows a login form.
 */
export async function checkLogin(context: VerifyContext, subject: string, login: AppLogin, discovery: Discovery | undefined): Promise<CheckResult> {
  const check = `login ${login.clientId}`;
  if (discovery === undefined) return problem("fail", subject, check, "not started: the realm's discovery did not answer", "fix the oidc discovery line first");
  const appRemedy = `check the ${login.clientId} app's OIDC settings (its component in components/apps/) and its pods' logs`;
  let url = new URL(login.loginUrl);
  const cookies = new Map<string, string>();
  for (let hop = 0; hop <= MAX_HOPS; hop++) {
    let response;
    try {
      response = await httpsGet(context, url, { accept: "text/html", ...(cookies.size === 0 ? {} : { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") }) });
    } catch (error) {
      return problem("fail", subject, check, `no answer from ${url.origin}${url.pathname}: ${messageOf(error)}`, appRemedy);
    }
    const location = response.headers.location;
    if (response.status < 300 || response.status >= 400 || typeof location !== "string") {
      return problem("fail", subject, check, `${url.pathname} answered HTTP ${response.status} without redirecting to the realm`, appRemedy);
    }
    for (const cookie of [response.headers["set-cookie"] ?? []].flat()) {
      const [pair] = cookie.split(";");
      const at = pair!.indexOf("=");
      if (at > 0) cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
    const next = new URL(location, url);
    if (next.host === url.host) {
      url = next;
      continue;
    }
    return judgeRedirect(subject, check, login, discovery, next);
  }
  return problem("fail", subject, check, `more than ${MAX_HOPS} redirects on ${url.host}`, appRemedy);
}

function judgeRedirect(subject: string, check: string, login: AppLogin, discovery: Discovery, to: URL): CheckResult {
  const endpoint = new URL(discovery.authorization_endpoint);
  if (to.origin !== endpoint.origin || to.pathname !== endpoint.pathname) {
    return problem("fail", subject, check, `redirected to ${to.origin}${to.pathname}, not the realm's ${discovery.authorization_endpoint}`, `point the ${login.clientId} app at its realm, ${discovery.issuer} (its component in components/apps/), and \`pulumi up\``);
  }
  const q = to.searchParams;
  const problems: string[] = [];
  if (q.get("client_id") !== login.clientId) problems.push(`client_id ${JSON.stringify(q.get("client_id"))}, the realm's client is "${login.clientId}"`);
  if (q.get("redirect_uri") !== login.redirectUri) problems.push(`redirect_uri ${JSON.stringify(q.get("redirect_uri"))}, the client accepts ${login.redirectUri} only`);
  if (login.pkce === "S256" && (q.get("code_challenge") === null || q.get("code_challenge_method") !== "S256")) {
    problems.push("no PKCE S256 challenge, which the client requires");
  }
  if (problems.length > 0) {
    return problem(
      "fail",
      subject,
      check,
      `Keycloak will refuse it: ${problems.join("; ")}`,
      "the app does not send what its realm client expects: compare its settings with its component (components/apps/) and its contract (test/contracts/apps/), then `pulumi up`",
    );
  }
  return ok(subject, check, `to the realm with client_id ${login.clientId}, its redirect URI${login.pkce === "S256" ? " and PKCE S256" : ""}`);
}
