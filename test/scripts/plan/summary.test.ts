import { describe, expect, it } from "vitest";
import { formatSummary } from "../../../scripts/plan/summary";
import { baselineTenant } from "../../helpers/declarations";
import { planWithTenants, prodPlan } from "../../helpers/plan";

describe("plan summary", () => {
  it("counts the prod stack's resources per cluster, per tenant, by app and by type", () => {
    const { snapshot, outputs } = prodPlan();
    const lines = formatSummary(snapshot, outputs).split("\n");
    expect(lines.slice(0, 2)).toEqual(["jardin plan · stack prod · offline (the program under Pulumi mocks: no cloud, no credentials)", ""]);
    const start = lines.indexOf("  tenant amap-du-plateau (suspended, moving from louise-michel: restore)  75");
    expect(lines.slice(start, start + 33)).toEqual([
      "  tenant amap-du-plateau (suspended, moving from louise-michel: restore)  75",
      "    (tenant)                                                              44",
      // Mid-move (tenants/amap-du-plateau.ts): its old side on louise-michel, suspended, and its new side
      // on ada-lovelace under the Move component, restoring: two of most things; one realm, client,
      // mail account and volume-backup password, the old side's.
      "      jardin:tenant:Move                                                   1",
      "      jardin:tenant:Tenant                                                 2",
      "      keycloak:index/realm:Realm                                           1",
      "      keycloak:index/requiredAction:RequiredAction                         1",
      "      keycloak:index/user:User                                             1",
      "      keycloak:index/userRoles:UserRoles                                   1",
      "      kubernetes:core/v1:LimitRange                                        2",
      "      kubernetes:core/v1:Namespace                                         2",
      "      kubernetes:core/v1:ResourceQuota                                     4",
      "      kubernetes:core/v1:Secret                                            4",
      "      kubernetes:k8up.io/v1:Backup                                         1",
      "      kubernetes:k8up.io/v1:PodConfig                                      2",
      // The claim's restore; the one volume-backup Schedule is the old side's (none while restoring).
      "      kubernetes:k8up.io/v1:Restore                                        1",
      "      kubernetes:k8up.io/v1:Schedule                                       1",
      "      kubernetes:networking.k8s.io/v1:Ingress                              1",
      "      kubernetes:networking.k8s.io/v1:NetworkPolicy                       16",
      "      random:index/randomPassword:RandomPassword                           3",
      "    nextcloud                                                             31",
      "      jardin:apps:Nextcloud                                                2",
      "      keycloak:openid/client:Client                                        1",
      "      kubernetes:apps/v1:Deployment                                        4",
      "      kubernetes:barmancloud.cnpg.io/v1:ObjectStore                        2",
      "      kubernetes:batch/v1:CronJob                                          2",
      "      kubernetes:core/v1:ConfigMap                                         2",
      "      kubernetes:core/v1:PersistentVolumeClaim                             2",
      "      kubernetes:core/v1:Secret                                            2",
      "      kubernetes:core/v1:Service                                           4",
      "      kubernetes:postgresql.cnpg.io/v1:Backup                              1",
      "      kubernetes:postgresql.cnpg.io/v1:Cluster                             2",
      "      kubernetes:postgresql.cnpg.io/v1:ScheduledBackup                     2",
      "      random:index/randomPassword:RandomPassword                           5",
    ]);
    // Being adopted (tenants/cafe-des-possibles.ts): only what holds its data, imported.
    const cafe = lines.indexOf("  tenant cafe-des-possibles (active)                                       6");
    expect(lines.slice(cafe, cafe + 9)).toEqual([
      "  tenant cafe-des-possibles (active)                                       6",
      "    (tenant)                                                               4",
      "      jardin:tenant:Tenant                                                 1",
      "      keycloak:index/realm:Realm                                           1",
      "      kubernetes:core/v1:Namespace                                         1",
      // Its realm's mail account, generated already; no Secret in the namespace yet.
      "      random:index/randomPassword:RandomPassword                           1",
      "    nextcloud                                                              2",
      "      jardin:apps:Nextcloud                                                1",
      "      kubernetes:core/v1:PersistentVolumeClaim                             1",
    ]);
    // The example federation: all six apps, each in its own group.
    const fedeStart = lines.findIndex((l) => l.startsWith("  tenant fede-educpop (active)"));
    const fede = lines.slice(fedeStart, lines.findIndex((l, i) => i > fedeStart && (l.startsWith("  tenant ") || l === "")));
    expect(fede.filter((l) => /^ {4}\w/.test(l)).map((l) => l.trim().split(/ +/)[0])).toEqual([
      "grist", "hedgedoc", "jitsi", "matrix", "mobilizon", "nextcloud",
    ]);
    expect(lines.at(-1)).toBe(`total                                                          ${snapshot.resources.length} resources`);
  });

  it("says under an adopted cluster what its gardeners must do by hand: the videobridge port its firewall must open", () => {
    const { snapshot, outputs } = prodPlan();
    const lines = formatSummary(snapshot, outputs).split("\n");
    const port = outputs.byHand["louise-michel"]![0]!.match(/UDP (\d+)/)![1];
    const cluster = lines.findIndex((l) => l.startsWith("cluster louise-michel (adopted"));
    expect(lines[cluster + 1]).toBe(
      `  by hand: open UDP ${port} from anywhere to every node of louise-michel: fede-educpop's Jitsi videobridge (media fails without it)`,
    );
    // ada-lovelace's firewall is jardin's: nothing by hand there.
    expect(outputs.byHand["ada-lovelace"]).toBeUndefined();
  });

  it("shows a tenant's state and the resources its state adds", async () => {
    const { snapshot, outputs } = await planWithTenants({ "fede-educpop.ts": baselineTenant({ id: "fede-educpop", domain: "educpop.example", cluster: "louise-michel", state: "suspended" }) });
    const lines = formatSummary(snapshot, outputs).split("\n");
    const start = lines.indexOf("  tenant fede-educpop (suspended)                                         66");
    expect(lines.slice(start, start + 18)).toEqual([
      "  tenant fede-educpop (suspended)                                         66",
      "    (tenant)                                                              37",
      "      jardin:tenant:Tenant                                                 1",
      // Its MFA login flows (components/tenant/mfa.ts).
      "      keycloak:authentication/bindings:Bindings                            1",
      "      keycloak:authentication/execution:Execution                          6",
      "      keycloak:authentication/flow:Flow                                    2",
      "      keycloak:authentication/subflow:Subflow                              1",
      "      keycloak:index/realm:Realm                                           1",
      "      keycloak:index/requiredAction:RequiredAction                         1",
      "      keycloak:index/user:User                                             1",
      "      keycloak:index/userRoles:UserRoles                                   1",
      "      kubernetes:core/v1:LimitRange                                        1",
      "      kubernetes:core/v1:Namespace                                         1",
      // The lifecycle lock beside the apps' quota; the maintenance page's Ingress.
      "      kubernetes:core/v1:ResourceQuota                                     2",
      // Its volume backups keep running, and entering the state took one more; its mail account.
      "      kubernetes:core/v1:Secret                                            2",
      "      kubernetes:k8up.io/v1:Backup                                         1",
      "      kubernetes:k8up.io/v1:PodConfig                                      1",
      "      kubernetes:k8up.io/v1:Schedule                                       1",
    ]);
  });
});
