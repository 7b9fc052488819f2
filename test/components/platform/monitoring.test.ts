import * as k8s from "@pulumi/kubernetes";
import { describe, expect, it } from "vitest";
import { alertRules } from "../../../components/platform/alerts/rules";
import { CHARTS } from "../../../components/platform/charts";
import { alertmanagerConfig, alertsMailAddress, MONITORING_FOOTPRINT, monitoring } from "../../../components/platform/monitoring";
import { runUnderMocks } from "../../../scripts/plan/mock-runtime";
import { names, recordDependencies } from "../../helpers/dependencies";
import { prodPlan } from "../../helpers/plan";

const ARGS = {
  cluster: "ada-lovelace",
  network: { apiServerCidrs: ["10.0.1.0/24"] },
  storageClass: "hcloud-volumes-retain",
  operatorsEmail: "gardeners@jardin.example",
  mailRelay: { host: "smtp.jardin.example", port: 587, senderDomain: "jardin.example" },
  etcdSnapshotSchedule: "0 */6 * * *",
};

function plan() {
  return runUnderMocks({ project: "jardin", stack: "prod" }, async () => {
    const dependencies = recordDependencies();
    const provider = new k8s.Provider("ada-lovelace-k8s", {});
    const stack = monitoring("ada-lovelace", ARGS, { provider });
    return { dependencies, endpoint: stack.endpoint };
  });
}
const byName = (run: Awaited<ReturnType<typeof plan>>, name: string) => {
  const found = run.resources.find((r) => r.name === name);
  if (found === undefined) throw new Error(`no ${name}`);
  return found;
};

describe("the alerting stack of one cluster", () => {
  it("installs the operator and kube-state-metrics from the pinned charts, sized from the footprint, in a restricted namespace", async () => {
    const run = await plan();
    expect(CHARTS.vmOperator).toEqual({ chart: "victoria-metrics-operator", version: "0.67.2", repo: "https://victoriametrics.github.io/helm-charts" });
    expect(CHARTS.kubeStateMetrics).toEqual({ chart: "kube-state-metrics", version: "8.4.0", repo: "https://prometheus-community.github.io/helm-charts" });
    expect(byName(run, "ada-lovelace-vm-operator").inputs["values"]).toEqual({
      resources: { requests: { cpu: "20m", memory: "64Mi" }, limits: { memory: "256Mi" } },
      podSecurityContext: { enabled: true, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
      crds: { enabled: true, plain: false },
      admissionWebhooks: { enabled: false },
      operator: { disable_prometheus_converter: true },
    });
    const ksm = byName(run, "ada-lovelace-kube-state-metrics").inputs["values"] as Record<string, unknown>;
    expect(ksm["collectors"]).toEqual(["nodes", "pods"]);
    expect(ksm["resources"]).toEqual(MONITORING_FOOTPRINT.kubeStateMetrics);
    const namespace = byName(run, "ada-lovelace-monitoring-namespace").inputs["metadata"] as { name: string; labels: Record<string, string> };
    expect(namespace.name).toBe("monitoring");
    expect(namespace.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
  });

  it("runs a scraping store with a query API, a ruler on it with the cluster's label, and Alertmanager, all strict", async () => {
    const run = await plan();
    const spec = (name: string) => (byName(run, name).inputs as { spec: Record<string, unknown> }).spec;
    const onlyHere = { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } };
    expect(spec("ada-lovelace-store")).toEqual({
      useStrictSecurity: true,
      configReloaderResources: MONITORING_FOOTPRINT.configReloader,
      resources: MONITORING_FOOTPRINT.store,
      retentionPeriod: "35d",
      storage: { accessModes: ["ReadWriteOnce"], storageClassName: "hcloud-volumes-retain", resources: { requests: { storage: "10Gi" } } },
      ingestOnlyMode: false,
      scrapeInterval: "60s",
      serviceScrapeNamespaceSelector: onlyHere,
      serviceScrapeSelector: {},
      nodeScrapeNamespaceSelector: onlyHere,
      nodeScrapeSelector: {},
    });
    const store = "http://vmsingle-jardin.monitoring.svc:8428";
    expect(spec("ada-lovelace-ruler")).toMatchObject({
      datasource: { url: store },
      remoteWrite: { url: store },
      remoteRead: { url: store },
      notifier: { url: "http://vmalertmanager-jardin.monitoring.svc:9093" },
      externalLabels: { cluster: "ada-lovelace" },
      ruleNamespaceSelector: onlyHere,
      useStrictSecurity: true,
    });
    expect(spec("ada-lovelace-alertmanager")).toEqual({ useStrictSecurity: true, configReloaderResources: MONITORING_FOOTPRINT.configReloader, resources: MONITORING_FOOTPRINT.alertmanager, configSecret: "alertmanager-config" });
    expect(run.result.endpoint).toEqual({
      namespace: "monitoring",
      service: "vmsingle-jardin",
      port: 8428,
      queryPath: "/api/v1/query",
      apiServerProxyPath: "/api/v1/namespaces/monitoring/services/vmsingle-jardin:http/proxy",
    });
  });

  it("scrapes only the kubelets' volume stats and two cAdvisor series, and kube-state-metrics", async () => {
    const run = await plan();
    const spec = (name: string) => (byName(run, name).inputs as { spec: Record<string, unknown> }).spec;
    expect(spec("ada-lovelace-kubelet-scrape")).toMatchObject({ scheme: "https", port: "10250", path: "/metrics", metricRelabelConfigs: [{ sourceLabels: ["__name__"], regex: "kubelet_volume_stats_(used|capacity)_bytes", action: "keep" }] });
    expect(spec("ada-lovelace-cadvisor-scrape")).toMatchObject({ path: "/metrics/cadvisor", metricRelabelConfigs: [{ regex: "container_cpu_usage_seconds_total|container_memory_working_set_bytes", action: "keep" }] });
    expect(spec("ada-lovelace-kube-state-metrics-scrape")).toEqual({ selector: { matchLabels: { "app.kubernetes.io/name": "kube-state-metrics" } }, endpoints: [{ port: "http", honorLabels: true }] });
  });

  it("renders every typed rule into one VMRule, with its severity, summary and remedy", async () => {
    const run = await plan();
    const rule = byName(run, "ada-lovelace-rules").inputs as { metadata: { name: string; namespace: string }; spec: { groups: { name: string; rules: unknown[] }[] } };
    expect(rule.metadata).toMatchObject({ name: "jardin-alerts", namespace: "monitoring" });
    expect(rule.spec.groups).toEqual([
      { name: "jardin", rules: alertRules(ARGS).map((r) => ({ alert: r.name, expr: r.expr, for: r.for, labels: { severity: r.severity }, annotations: { summary: r.summary, remedy: r.remedy } })) },
    ]);
  });

  it("sends with an account of its own on the relay, its generated password only in secret Secrets", async () => {
    const run = await plan();
    // The configuration is built from the generated password, unknown until the engine creates it
    // (and wrapped in pulumi.secret): the plan holds no part of it in clear.
    const { snapshot } = prodPlan();
    const config = snapshot.resources.find((r) => r.name === "ada-lovelace-alertmanager-config")!;
    expect(config.inputs).toMatchObject({ kind: "Secret", metadata: { name: "alertmanager-config", namespace: "monitoring" }, stringData: "[unknown]" });
    expect(byName(run, "ada-lovelace-alerts-mail-account").inputs).toMatchObject({
      kind: "Secret",
      metadata: { name: "mail-account", namespace: "monitoring" },
      stringData: "[unknown]",
    });
    expect(byName(run, "ada-lovelace-alerts-mail-password").inputs).toMatchObject({ length: 40, special: false });
  });

  it("mails every alert to the fleet's operators through its relay, over TLS", () => {
    const address = alertsMailAddress(ARGS.mailRelay, "ada-lovelace");
    expect(address).toBe("alerts-ada-lovelace@jardin.example");
    const account = { host: "smtp.jardin.example", port: 587, username: address, from: address };
    expect(JSON.parse(alertmanagerConfig({ operatorsEmail: ARGS.operatorsEmail, account }, "pw"))).toEqual({
      global: { smtp_smarthost: "smtp.jardin.example:587", smtp_from: address, smtp_auth_username: address, smtp_auth_password: "pw", smtp_require_tls: true },
      route: { receiver: "operators", group_by: ["cluster", "alertname", "namespace"], group_wait: "30s", group_interval: "5m", repeat_interval: "12h" },
      receivers: [{ name: "operators", email_configs: [{ to: "gardeners@jardin.example", send_resolved: true }] }],
    });
  });

  it("creates the operator's objects after its chart, which renders their CRDs, and Alertmanager after its configuration", async () => {
    const run = await plan();
    for (const name of ["store", "ruler", "rules", "kubelet-scrape", "cadvisor-scrape", "kube-state-metrics-scrape"]) {
      expect(names(run.result.dependencies.get(`ada-lovelace-${name}`)), name).toEqual(["ada-lovelace-monitoring-namespace", "ada-lovelace-vm-operator"]);
    }
    expect(names(run.result.dependencies.get("ada-lovelace-alertmanager"))).toEqual(["ada-lovelace-alertmanager-config", "ada-lovelace-monitoring-namespace", "ada-lovelace-vm-operator"]);
  });
});
