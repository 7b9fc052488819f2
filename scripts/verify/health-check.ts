import type { AppEndpoint } from "../../model/contract/verify-targets";
import type { VerifyContext } from "./context";
import { httpsGet } from "./https";
import { messageOf, ok, problem, type CheckResult } from "./result";

/** The app answers its health path through its hostname with a 2xx. */
export async function checkHealth(context: VerifyContext, subject: string, namespace: string, endpoint: AppEndpoint): Promise<CheckResult> {
  const check = `health ${endpoint.hostname}${endpoint.healthPath}`;
  const remedy = `look at the ${endpoint.app} pods: \`kubectl -n ${namespace} get pods -l app.kubernetes.io/name=${endpoint.app}\`, then their logs and events`;
  try {
    const response = await httpsGet(context, new URL(`https://${endpoint.hostname}${endpoint.healthPath}`));
    if (response.status >= 200 && response.status < 300) return ok(subject, check, `HTTP ${response.status}`);
    return problem("fail", subject, check, `HTTP ${response.status}`, remedy);
  } catch (error) {
    return problem("fail", subject, check, `no answer: ${messageOf(error)}`, remedy);
  }
}
