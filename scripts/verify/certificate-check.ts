import type { VerifyContext } from "./context";
import { servedCertificate } from "./https";
import { messageOf, ok, problem, type CheckResult } from "./result";

/** A certificate valid for fewer days than this fails: cert-manager renews 30 days ahead, so it has been failing for two weeks. */
export const CERTIFICATE_MIN_DAYS = 14;
/** Fewer days than this warns: cert-manager should already have renewed it (renewBefore: a third of Let's Encrypt's 90 days). */
export const CERTIFICATE_RENEWAL_DAYS = 30;

const DAY_MS = 86_400_000;
const RENEW =
  "see why cert-manager has not renewed it: `kubectl -n <namespace> describe certificate` and its challenges (`kubectl get challenges -A`); the HTTP-01 solver must be reachable on port 80";

/** The hostname serves a certificate trusted for its name, valid for more than 14 days. */
export async function checkCertificate(context: VerifyContext, subject: string, hostname: string): Promise<CheckResult> {
  const check = `certificate ${hostname}`;
  let served;
  try {
    served = await servedCertificate(context, hostname);
  } catch (error) {
    return problem("fail", subject, check, `no TLS answer: ${messageOf(error)}`, "check the name resolves to the ingress and the ingress controller runs (`kubectl -n <ingress namespace> get pods`)");
  }
  const days = Math.floor((served.notAfter.getTime() - context.now.getTime()) / DAY_MS);
  if (!served.trusted) return problem("fail", subject, check, `not trusted: ${served.error ?? "unknown reason"} (issuer ${served.issuer}, ${days} days left)`, RENEW);
  if (days < CERTIFICATE_MIN_DAYS) return problem("fail", subject, check, `expires in ${days} days (${served.notAfter.toISOString()})`, RENEW);
  if (days < CERTIFICATE_RENEWAL_DAYS) return problem("warn", subject, check, `expires in ${days} days, not yet renewed`, RENEW);
  return ok(subject, check, `valid ${days} more days (${served.issuer})`);
}
