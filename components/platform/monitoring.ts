import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ALERT_RULE_KIND } from "../../model/contract/alerts";
import { PLATFORM_NAMESPACES } from "../../model/contract/platform-namespaces";
import type { MailRelay, MetricsEndpoint } from "../../model/contract/platform";
import * as random from "@pulumi/random";
import { alertRules, type AlertRule, type AlertRulesArgs } from "./alerts/rules";
import { customResourceRules, customResourceStateConfig } from "./alerts/custom-resource-metrics";
import { CHARTS, chartRelease } from "./charts";
import { PLATFORM_LABELS, platformNamespace } from "./namespaces";
import { apiEgress, DNS_EGRESS, egressFor, fromApiServers, ingressFor, kubeletEgress, namespacePolicies, publicInternet, tcp, type ClusterNetwork } from "./network-policies";

export const MONITORING_NAMESPACE = PLATFORM_NAMESPACES.monitoring;

/** Requests and memory limit of one container, as Kubernetes writes them. */
interface Resources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly memory: string };
}
const size = (cpu: string, memory: string, memoryLimit: string): Resources => ({ requests: { cpu, memory }, limits: { memory: memoryLimit } });

/**
 * Every pod of the stack and its size, in one place: the charts' values and the operator's
 * objects take them from here, and the capacity planner reads them back from the plan
 * (scripts/capacity/reserves.ts). Sized for one cluster of a few hundred tenants: the operator
 * defaults are larger (v0.74.0 internal/config/config.go: VMSingle 150m/500Mi, vmalert 50m/200Mi,
 * Alertmanager 30m/56Mi, config-reloader 10m/25Mi), made for clusters with many more series than
 * jardin keeps (kube-state-metrics' few families, each kubelet's volume stats and two cAdvisor series per container).
 */
export const MONITORING_FOOTPRINT = {
  operator: size("20m", "64Mi", "256Mi"),
  kubeStateMetrics: size("10m", "64Mi", "256Mi"),
  store: size("50m", "256Mi", "1Gi"),
  ruler: size("10m", "48Mi", "192Mi"),
  alertmanager: size("10m", "32Mi", "128Mi"),
  /** The operator's config-reloader sidecar, beside the store, the ruler and Alertmanager. */
  configReloader: size("5m", "16Mi", "64Mi"),
} as const satisfies Readonly<Record<string, Resources>>;

/** The store keeps this much history: enough for the report's measured use over a month. */
const RETENTION = "35d";
const STORE_VOLUME = "10Gi";

/** The name of each object jardin asks the operator for; the operator prefixes what it makes (`vmsingle-<name>`). */
const NAME = "jardin";
/** The VMRule holding every alert of the cluster. */
export const ALERT_RULES_OBJECT = "jardin-alerts";
/** VMSingle's service and port (operator v0.74.0 api/operator/v1beta1/vmsingle_types.go: PrefixedName, AsURL default port 8428, port name `http`). */
const STORE = { service: `vmsingle-${NAME}`, port: 8428, portName: "http" } as const;
/** VMAlertmanager's (vmalertmanager_types.go: PrefixedName, Port() default 9093). */
const ALERTMANAGER = { service: `vmalertmanager-${NAME}`, port: 9093 } as const;
/** Pods the operator makes are labelled `app.kubernetes.io/name: vmsingle | vmalert | vmalertmanager` (the kinds' SelectorLabels). */
const podsNamed = (name: "vmsingle" | "vmalertmanager") => ({ matchLabels: { "app.kubernetes.io/name": name } });

/** The keys of victoria-metrics-operator's values.yaml jardin sets. */
export interface VmOperatorValues {
  // https://github.com/VictoriaMetrics/helm-charts/blob/victoria-metrics-operator-0.67.2/charts/victoria-metrics-operator/values.yaml
  readonly resources: Resources;
  readonly podSecurityContext: { readonly enabled: boolean; readonly runAsNonRoot: boolean; readonly seccompProfile: { readonly type: "RuntimeDefault" } };
  /** The chart renders the CRDs as templates (`crds.plain: false`), so a chart upgrade upgrades them. */
  readonly crds: { readonly enabled: boolean; readonly plain: boolean };
  /** jardin holds every object against the CRDs offline; the webhook would need its own certificate and an opening from the API servers. */
  readonly admissionWebhooks: { readonly enabled: boolean };
  /** No prometheus-operator objects exist to convert. */
  readonly operator: { readonly disable_prometheus_converter: boolean };
}

/** The keys of kube-state-metrics' values.yaml jardin sets. */
export interface KubeStateMetricsValues {
  // https://github.com/prometheus-community/helm-charts/blob/kube-state-metrics-8.4.0/charts/kube-state-metrics/values.yaml
  readonly resources: Resources;
  /** Only what the alerts read: fewer objects watched, fewer series, a narrower role. */
  readonly collectors: readonly string[];
  readonly customResourceState: { readonly enabled: boolean; readonly config: Record<string, unknown> };
  readonly rbac: { readonly extraRules: ReturnType<typeof customResourceRules> };
}

export interface MonitoringArgs extends AlertRulesArgs {
  readonly cluster: string;
  readonly network: ClusterNetwork;
  /** Where the store keeps its data. */
  readonly storageClass: string;
  /** The fleet's operatorsEmail: every alert goes there. */
  readonly operatorsEmail: string;
  /** The fleet's relay: the alerts send through an account of their own on it (`alerts-<cluster>@<senderDomain>`). */
  readonly mailRelay: MailRelay;
}

/** The alerts' account on the relay, but its password. */
interface MailAccountSettings {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly from: string;
}

/** The alerts' sender and account name on the relay: one per cluster, beside tenants' `<id>@<senderDomain>`. */
export function alertsMailAddress(relay: Pick<MailRelay, "senderDomain">, cluster: string): string {
  return `alerts-${cluster}@${relay.senderDomain}`;
}

export interface Monitoring {
  readonly endpoint: MetricsEndpoint;
  readonly rules: readonly AlertRule[];
  readonly ready: readonly pulumi.Resource[];
}

/**
 * Alerts on one cluster: VictoriaMetrics' operator runs a single-node store that scrapes and
 * answers Prometheus' query API (VMSingle scrapes by itself since operator v0.69.0,
 * docs/resources/vmsingle.md at v0.74.0: no agent pod), vmalert evaluating jardin's rules against
 * it, and Alertmanager mailing the fleet's operators; kube-state-metrics turns the API's objects
 * into metrics. Five small pods, no DaemonSet and nothing on the host: the kubelets' own metrics
 * give volume usage (`kubelet_volume_stats_*`) and containers' use (cAdvisor).
 */
export function monitoring(name: string, args: MonitoringArgs, opts: pulumi.CustomResourceOptions): Monitoring {
  // Every pod runs non-root with capabilities dropped (the charts' securityContext, the
  // operator's useStrictSecurity): restricted fits.
  const namespace = platformNamespace(`${name}-monitoring-namespace`, MONITORING_NAMESPACE, "restricted", opts);
  const inNamespace = { ...opts, dependsOn: [namespace] };
  namespacePolicies(
    `${name}-monitoring`,
    namespace.metadata.name,
    {
      dns: egressFor({}, DNS_EGRESS),
      // The operator, kube-state-metrics and the store's service discovery read the API.
      api: egressFor({}, apiEgress(args.network)),
      // The store scrapes kube-state-metrics and the stack's own pods; vmalert queries the store
      // and notifies Alertmanager: all within the namespace.
      internal: { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] },
      // Each kubelet's /metrics and /metrics/cadvisor.
      kubelets: egressFor(podsNamed("vmsingle"), kubeletEgress(args.network)),
      // Queries from outside go through the API server's service proxy (the capacity report).
      queries: ingressFor(podsNamed("vmsingle"), fromApiServers(args.network, STORE.port)),
      // The mail relay, on a public address.
      mail: egressFor(podsNamed("vmalertmanager"), { to: [publicInternet()], ports: tcp(args.mailRelay.port) }),
    },
    PLATFORM_LABELS,
    inNamespace,
  );

  const operator = chartRelease<VmOperatorValues>(
    `${name}-vm-operator`,
    {
      chart: CHARTS.vmOperator,
      namespace: namespace.metadata.name,
      values: {
        resources: MONITORING_FOOTPRINT.operator,
        podSecurityContext: { enabled: true, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        crds: { enabled: true, plain: false },
        admissionWebhooks: { enabled: false },
        operator: { disable_prometheus_converter: true },
      },
    },
    inNamespace,
  );
  const kubeStateMetrics = chartRelease<KubeStateMetricsValues>(
    `${name}-kube-state-metrics`,
    {
      chart: CHARTS.kubeStateMetrics,
      namespace: namespace.metadata.name,
      values: {
        resources: MONITORING_FOOTPRINT.kubeStateMetrics,
        collectors: ["nodes", "pods"],
        customResourceState: { enabled: true, config: customResourceStateConfig() },
        rbac: { extraRules: customResourceRules() },
      },
    },
    inNamespace,
  );

  // The operator's kinds exist once its chart has rendered their CRDs.
  const afterOperator = { ...opts, dependsOn: [namespace, operator] };
  const custom = (key: string, kind: string, objectName: string, spec: Record<string, unknown>) =>
    new k8s.apiextensions.CustomResource(
      `${name}-${key}`,
      { apiVersion: ALERT_RULE_KIND.apiVersion, kind, metadata: { name: objectName, namespace: MONITORING_NAMESPACE, labels: PLATFORM_LABELS }, spec },
      afterOperator,
    );
  const onlyHere = { matchLabels: { "kubernetes.io/metadata.name": MONITORING_NAMESPACE } };
  const strict = { useStrictSecurity: true, configReloaderResources: MONITORING_FOOTPRINT.configReloader };

  // https://github.com/VictoriaMetrics/operator/blob/v0.74.0/docs/resources/vmsingle.md#scraping
  const store = custom("store", "VMSingle", NAME, {
    ...strict,
    resources: MONITORING_FOOTPRINT.store,
    retentionPeriod: RETENTION,
    storage: { accessModes: ["ReadWriteOnce"], storageClassName: args.storageClass, resources: { requests: { storage: STORE_VOLUME } } },
    ingestOnlyMode: false,
    scrapeInterval: "60s",
    // Scrape objects are read from this namespace only: no other namespace can add a target.
    serviceScrapeNamespaceSelector: onlyHere,
    serviceScrapeSelector: {},
    nodeScrapeNamespaceSelector: onlyHere,
    nodeScrapeSelector: {},
  });
  const serviceScrape = custom("kube-state-metrics-scrape", "VMServiceScrape", "kube-state-metrics", {
    selector: { matchLabels: { "app.kubernetes.io/name": "kube-state-metrics" } },
    endpoints: [{ port: "http", honorLabels: true }],
  });
  // kube-prometheus-stack scrapes the kubelet the same way: its serving certificate names the
  // node, not the address the target is reached at.
  const kubelet = { scheme: "https", port: "10250", bearerTokenFile: "/var/run/secrets/kubernetes.io/serviceaccount/token", tlsConfig: { insecureSkipVerify: true }, honorLabels: true };
  const kubeletScrape = custom("kubelet-scrape", "VMNodeScrape", "kubelet", {
    ...kubelet,
    path: "/metrics",
    metricRelabelConfigs: [{ sourceLabels: ["__name__"], regex: "kubelet_volume_stats_(used|capacity)_bytes", action: "keep" }],
  });
  // What each container uses, for the report's measured use next to its requests.
  const cadvisorScrape = custom("cadvisor-scrape", "VMNodeScrape", "cadvisor", {
    ...kubelet,
    path: "/metrics/cadvisor",
    metricRelabelConfigs: [{ sourceLabels: ["__name__"], regex: "container_cpu_usage_seconds_total|container_memory_working_set_bytes", action: "keep" }],
  });

  const storeUrl = `http://${STORE.service}.${MONITORING_NAMESPACE}.svc:${STORE.port}`;
  // https://github.com/VictoriaMetrics/operator/blob/v0.74.0/docs/resources/vmalert.md
  const ruler = custom("ruler", "VMAlert", NAME, {
    ...strict,
    resources: MONITORING_FOOTPRINT.ruler,
    datasource: { url: storeUrl },
    // Alerts' state is written to the store and read back after a restart.
    remoteWrite: { url: storeUrl },
    remoteRead: { url: storeUrl },
    notifier: { url: `http://${ALERTMANAGER.service}.${MONITORING_NAMESPACE}.svc:${ALERTMANAGER.port}` },
    evaluationInterval: "1m",
    externalLabels: { cluster: args.cluster },
    ruleNamespaceSelector: onlyHere,
    ruleSelector: {},
  });

  const rules = alertRules(args);
  const ruleObject = custom("rules", ALERT_RULE_KIND.kind, ALERT_RULES_OBJECT, {
    groups: [
      {
        name: "jardin",
        rules: rules.map((r) => ({ alert: r.name, expr: r.expr, for: r.for, labels: { severity: r.severity }, annotations: { summary: r.summary, remedy: r.remedy } })),
      },
    ],
  });

  // The alerts' own account on the relay, as each tenant has its own (components/tenant/mail-account.ts):
  // a gardener makes it at the relay with the password of the `mail-account` Secret here. The
  // random provider is the Platform's (its `providers`), not the cluster's.
  const address = alertsMailAddress(args.mailRelay, args.cluster);
  const password = pulumi.secret(new random.RandomPassword(`${name}-alerts-mail-password`, { length: 40, special: false }, { parent: opts.parent }).result);
  const account: MailAccountSettings = { host: args.mailRelay.host, port: args.mailRelay.port, username: address, from: address };
  new k8s.core.v1.Secret(
    `${name}-alerts-mail-account`,
    { metadata: { name: "mail-account", namespace: MONITORING_NAMESPACE, labels: PLATFORM_LABELS }, type: "Opaque", stringData: { username: address, password } },
    inNamespace,
  );
  // The password stays in a Secret; the operator reads the whole configuration from it
  // (docs/resources/vmalertmanager.md, "Using secret": key alertmanager.yaml).
  const config = new k8s.core.v1.Secret(
    `${name}-alertmanager-config`,
    {
      metadata: { name: "alertmanager-config", namespace: MONITORING_NAMESPACE, labels: PLATFORM_LABELS },
      stringData: { "alertmanager.yaml": pulumi.secret(password.apply((p) => alertmanagerConfig({ operatorsEmail: args.operatorsEmail, account }, p))) },
    },
    inNamespace,
  );
  const alertmanager = new k8s.apiextensions.CustomResource(
    `${name}-alertmanager`,
    {
      apiVersion: ALERT_RULE_KIND.apiVersion,
      kind: "VMAlertmanager",
      metadata: { name: NAME, namespace: MONITORING_NAMESPACE, labels: PLATFORM_LABELS },
      spec: { ...strict, resources: MONITORING_FOOTPRINT.alertmanager, configSecret: "alertmanager-config" },
    },
    { ...afterOperator, dependsOn: [namespace, operator, config] },
  );

  return {
    endpoint: metricsEndpoint(),
    rules,
    ready: [operator, kubeStateMetrics, store, serviceScrape, kubeletScrape, cadvisorScrape, ruler, ruleObject, alertmanager],
  };
}

/** How to query a cluster's store: in the cluster, or from outside through the API server's service proxy. */
export function metricsEndpoint(): MetricsEndpoint {
  return {
    namespace: MONITORING_NAMESPACE,
    service: STORE.service,
    port: STORE.port,
    queryPath: "/api/v1/query",
    apiServerProxyPath: `/api/v1/namespaces/${MONITORING_NAMESPACE}/services/${STORE.service}:${STORE.portName}/proxy`,
  };
}

/**
 * Alertmanager's configuration: every alert mails the fleet's operators through the fleet's relay
 * (https://prometheus.io/docs/alerting/latest/configuration/, `global.smtp_*` and
 * `email_configs`; Alertmanager v0.31.0, the operator's default). JSON is YAML.
 */
export function alertmanagerConfig(args: { readonly operatorsEmail: string; readonly account: MailAccountSettings }, password: string): string {
  return JSON.stringify({
    global: {
      smtp_smarthost: `${args.account.host}:${args.account.port}`,
      smtp_from: args.account.from,
      smtp_auth_username: args.account.username,
      smtp_auth_password: password,
      smtp_require_tls: true,
    },
    route: { receiver: "operators", group_by: ["cluster", "alertname", "namespace"], group_wait: "30s", group_interval: "5m", repeat_interval: "12h" },
    receivers: [{ name: "operators", email_configs: [{ to: args.operatorsEmail, send_resolved: true }] }],
  });
}
