import { describe, expect, it } from "vitest";
import { podSecurity } from "../../policies/pod-security";
import { plannedResource, violationsOf } from "../helpers/policies";
import { container, deployment, podSpec, workloads } from "../helpers/workloads";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const check = (containers: Record<string, unknown>[], config = {}) =>
  violationsOf(podSecurity, plannedResource(DEPLOYMENT, deployment(containers)), config);
const secured = container().securityContext as Record<string, unknown>;

describe("policy pod-security", () => {
  it.each(Object.entries(workloads()))("passes a compliant %s", async (type, inputs) => {
    expect(await violationsOf(podSecurity, plannedResource(type, inputs))).toEqual([]);
  });

  it.each(Object.entries(workloads(podSpec([container({ securityContext: {} })]))))(
    "finds the container of a %s wherever its kind keeps it",
    async (type, inputs) => {
      expect(await violationsOf(podSecurity, plannedResource(type, inputs))).toHaveLength(4);
    },
  );

  it("stops a container that may run as root", async () => {
    expect(await check([container({ securityContext: { ...secured, runAsNonRoot: undefined } })])).toEqual([
      'Deployment les-semeurs/app, container "app": runAsNonRoot is not set; set securityContext.runAsNonRoot: true (pod or container) [run-as-non-root]',
    ]);
  });

  it("accepts runAsNonRoot and seccomp from the pod, unless the container overrides them", async () => {
    const bare = container({ securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } });
    const podContext = { securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } } };
    expect(await violationsOf(podSecurity, plannedResource("kubernetes:core/v1:Pod", { metadata: { name: "p" }, spec: podSpec([bare], podContext) }))).toEqual([]);
    const overriding = container({ securityContext: { ...bare.securityContext as object, runAsNonRoot: false } });
    expect(await violationsOf(podSecurity, plannedResource("kubernetes:core/v1:Pod", { metadata: { name: "p" }, spec: podSpec([overriding], podContext) }))).toEqual([
      'Pod p, container "app": runAsNonRoot is false; set securityContext.runAsNonRoot: true (pod or container) [run-as-non-root]',
    ]);
  });

  it("stops user id 0", async () => {
    expect(await check([container({ securityContext: { ...secured, runAsUser: 0 } })])).toEqual([
      'Deployment les-semeurs/app, container "app": runAsUser is 0 (root); run as a non-zero user id [run-as-non-root]',
    ]);
  });

  it("stops privilege escalation left on, and privileged containers", async () => {
    expect(await check([container({ securityContext: { ...secured, allowPrivilegeEscalation: true, privileged: true } })])).toEqual([
      'Deployment les-semeurs/app, container "app": allowPrivilegeEscalation is true; set securityContext.allowPrivilegeEscalation: false [no-privilege-escalation]',
      'Deployment les-semeurs/app, container "app": privileged is true; remove it [no-privilege-escalation]',
    ]);
  });

  it("stops capabilities not dropped, or added back beyond NET_BIND_SERVICE", async () => {
    expect(await check([container({ securityContext: { ...secured, capabilities: { drop: ["NET_RAW"] } } })])).toEqual([
      'Deployment les-semeurs/app, container "app": capabilities.drop is ["NET_RAW"]; set securityContext.capabilities.drop: ["ALL"] [drop-all-capabilities]',
    ]);
    expect(await check([container({ securityContext: { ...secured, capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE", "SYS_ADMIN"] } } })])).toEqual([
      'Deployment les-semeurs/app, container "app": capabilities.add is ["SYS_ADMIN"]; add nothing but NET_BIND_SERVICE [drop-all-capabilities]',
    ]);
  });

  it("stops an unconfined seccomp profile", async () => {
    expect(await check([container({ securityContext: { ...secured, seccompProfile: { type: "Unconfined" } } })])).toEqual([
      'Deployment les-semeurs/app, container "app": seccompProfile.type is "Unconfined"; set securityContext.seccompProfile.type: RuntimeDefault (pod or container) [seccomp-runtime-default]',
    ]);
  });

  it("stops a container without a cpu request or a memory limit", async () => {
    expect(await check([container({ resources: { requests: { memory: "1Gi" }, limits: { memory: "1Gi" } } })])).toEqual([
      'Deployment les-semeurs/app, container "app": resources.requests has no cpu; request what it needs so the scheduler can place it [resources]',
    ]);
    expect(await check([container({ resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "2" } } })])).toEqual([
      'Deployment les-semeurs/app, container "app": resources.limits has no memory; set a memory limit so one pod cannot starve a node [resources]',
    ]);
  });

  it.each([
    ["nextcloud", 'image "nextcloud" has no tag (it means latest)'],
    ["nextcloud:latest", 'image "nextcloud:latest" is tagged latest'],
    ["registry.example:5000/team/app", 'image "registry.example:5000/team/app" has no tag (it means latest)'],
  ])("stops the unpinned image %s", async (image, problem) => {
    expect(await check([container({ image })])).toEqual([`Deployment les-semeurs/app, container "app": ${problem}; pin a version tag or a digest [pinned-image]`]);
  });

  it("accepts an image pinned by digest, or by tag behind a registry with a port", async () => {
    expect(await check([container({ image: `nextcloud@sha256:${"a".repeat(64)}` })])).toEqual([]);
    expect(await check([container({ image: "registry.example:5000/team/app:1.2.3" })])).toEqual([]);
  });

  it("holds init containers to the same rules", async () => {
    const spec = podSpec([container()], { initContainers: [container({ name: "migrate", image: "nextcloud:latest" })] });
    expect(await violationsOf(podSecurity, plannedResource("kubernetes:core/v1:Pod", { metadata: { name: "p", namespace: "x" }, spec }))).toEqual([
      'Pod x/p, init container "migrate": image "nextcloud:latest" is tagged latest; pin a version tag or a digest [pinned-image]',
    ]);
  });

  it("stops a pod reaching into its node: host namespaces, hostPath volumes, host ports", async () => {
    const spec = podSpec([container({ ports: [{ containerPort: 10000, hostPort: 10000, protocol: "UDP" }] })], {
      hostNetwork: true,
      volumes: [{ name: "docker", hostPath: { path: "/var/run/docker.sock" } }],
    });
    expect(await violationsOf(podSecurity, plannedResource("kubernetes:core/v1:Pod", { metadata: { name: "jvb", namespace: "x" }, spec }))).toEqual([
      "Pod x/jvb: hostNetwork is true, which shares the node's; remove it [no-host-access]",
      'Pod x/jvb: volume "docker" mounts a hostPath from the node; use a PersistentVolumeClaim, a ConfigMap or an emptyDir [no-host-access]',
      'Pod x/jvb, container "app": ports bind hostPort 10000 on the node; expose it through a Service instead [no-host-access]',
    ]);
    const allow = [{ namespace: "x", kind: "Pod", name: "jvb", rules: ["no-host-access"], reason: "the videobridge receives media on a UDP port of its node" }];
    expect(await violationsOf(podSecurity, plannedResource("kubernetes:core/v1:Pod", { metadata: { name: "jvb", namespace: "x" }, spec }), { "pod-security": { allow } })).toEqual([]);
  });

  describe("allow-list", () => {
    const root = container({ securityContext: { ...secured, runAsNonRoot: false }, image: "onlyoffice/documentserver:latest" });
    const entry = { namespace: "les-semeurs", kind: "Deployment", name: "app", rules: ["run-as-non-root"], reason: "the Document Server runs its services as root" };

    it("lifts the rules an entry names for the workload it names, and no other", async () => {
      expect(await check([root], { "pod-security": { allow: [entry] } })).toEqual([
        'Deployment les-semeurs/app, container "app": image "onlyoffice/documentserver:latest" is tagged latest; pin a version tag or a digest [pinned-image]',
      ]);
      expect(await check([root], { "pod-security": { allow: [{ ...entry, namespace: "other" }] } })).toHaveLength(2);
      expect(await check([root], { "pod-security": { allow: [{ ...entry, kind: "StatefulSet" }] } })).toHaveLength(2);
    });

    it("matches namespaces and names by pattern, so one entry covers every tenant", async () => {
      const everyTenant = { ...entry, namespace: "*-office", name: "app" };
      const inOffice = (namespace: string) =>
        violationsOf(podSecurity, plannedResource(DEPLOYMENT, deployment([root], namespace)), { "pod-security": { allow: [everyTenant] } });
      expect(await inOffice("les-semeurs-office")).toHaveLength(1);
      expect(await inOffice("les-semeurs")).toHaveLength(2);
    });

    it("refuses an entry without a reason, naming the field", async () => {
      const { reason: _reason, ...withoutReason } = entry;
      await expect(check([root], { "pod-security": { allow: [withoutReason] } })).rejects.toThrow(
        "the policy pack's config is invalid: pod-security.allow.0.reason: Invalid input: expected string, received undefined",
      );
    });

    it("refuses an unknown rule", async () => {
      await expect(check([root], { "pod-security": { allow: [{ ...entry, rules: ["root"] }] } })).rejects.toThrow(/pod-security\.allow\.0\.rules\.0: Invalid option/);
    });
  });

  it("leaves other resources alone", async () => {
    expect(await violationsOf(podSecurity, plannedResource("kubernetes:core/v1:ConfigMap", { data: { image: "x:latest" } }))).toEqual([]);
  });
});
