import type { VerifyContext } from "./context";
import { messageOf, ok, problem, type CheckResult } from "./result";

/**
 * A hostname resolves to its cluster's ingress and nowhere else: A to its IPv4 address, AAAA to its
 * IPv6 address, or no AAAA when the ingress has none (a visitor on IPv6 would reach another machine).
 */
export async function checkDns(
  context: VerifyContext,
  subject: string,
  hostname: string,
  ingress: { readonly address: string; readonly address6?: string },
): Promise<CheckResult> {
  const check = `dns ${hostname}`;
  let a: string[];
  let aaaa: string[];
  try {
    [a, aaaa] = await Promise.all([context.resolve(hostname, 4), context.resolve(hostname, 6)]);
  } catch (error) {
    return problem("fail", subject, check, `the resolver did not answer: ${messageOf(error)}`, "check the zone's name servers answer (the base domain's: `pulumi stack output nameservers`)");
  }
  const problems: string[] = [];
  const wanted: string[] = [];
  if (a.length !== 1 || a[0] !== ingress.address) {
    problems.push(a.length === 0 ? "no A record" : `A ${a.join(", ")}`);
    wanted.push(`A ${hostname} → ${ingress.address}`);
  }
  const want6 = ingress.address6;
  if (want6 === undefined ? aaaa.length > 0 : aaaa.length !== 1 || normalise6(aaaa[0]!) !== normalise6(want6)) {
    problems.push(aaaa.length === 0 ? "no AAAA record" : `AAAA ${aaaa.join(", ")}`);
    wanted.push(want6 === undefined ? `no AAAA for ${hostname} (the ingress has no IPv6 address)` : `AAAA ${hostname} → ${want6}`);
  }
  if (problems.length === 0) return ok(subject, check, want6 === undefined ? `A ${ingress.address}` : `A ${ingress.address}, AAAA ${want6}`);
  return problem(
    "fail",
    subject,
    check,
    `${problems.join("; ")} (the ingress is ${ingress.address}${want6 === undefined ? "" : ` and ${want6}`})`,
    `set ${wanted.join(", ")}: under the base domain, \`pulumi up\` sets it; for the organisation's own domain, its registrar (\`pulumi stack output dnsRecordsToSet\`)`,
  );
}

/** An IPv6 address in one spelling (`2001:db8::1` and `2001:0db8:0:0::1` are one address). */
function normalise6(address: string): string {
  return new URL(`http://[${address}]/`).hostname;
}
