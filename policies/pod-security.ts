import type { ResourceValidationPolicy } from "@pulumi/policy";
import { z } from "zod";
import { parseSettings } from "./config";
import { parseImage } from "./lib/images";
import { matchesPattern } from "./lib/pattern";
import {
  asArray,
  asRecord,
  containersOf,
  describeContainer,
  describeObject,
  kindOf,
  metadataOf,
  podSpecOf,
  type ContainerRef,
} from "./lib/kubernetes";

/** The rules of this policy; an allow-list entry names the ones it lifts. */
export const POD_SECURITY_RULES = [
  "run-as-non-root",
  "no-privilege-escalation",
  "drop-all-capabilities",
  "seccomp-runtime-default",
  "resources",
  "pinned-image",
  "no-host-access",
] as const;
export type PodSecurityRule = (typeof POD_SECURITY_RULES)[number];

const allowEntrySchema = z.strictObject({
  /** The workload's namespace; `*` stands for any characters, e.g. `*-office` in every tenant. */
  namespace: z.string().min(1),
  /** The workload's kind, e.g. `Deployment`. */
  kind: z.string().min(1),
  /** The workload's metadata.name; `*` stands for any characters. */
  name: z.string().min(1),
  rules: z.array(z.enum(POD_SECURITY_RULES)).min(1),
  /** Why this workload cannot follow these rules, in one sentence; reviewers read it. */
  reason: z.string().trim().min(10, "say in a sentence why this workload needs the exception"),
});

const settingsSchema = z.strictObject({
  /** Workloads that may break some rules, each with its reason. @default [] */
  allow: z.array(allowEntrySchema).default([]),
});

/**
 * Pod Security's restricted profile plus jardin's own floor (requests, a memory limit, a pinned
 * image), for every workload the program writes, so a hand-written Deployment is held to what the
 * workload building block does. https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const podSecurity: ResourceValidationPolicy = {
  name: "pod-security",
  description:
    "Every Pod, Deployment, StatefulSet, DaemonSet, Job and CronJob runs non-root, without privilege escalation or access to the node (host namespaces, hostPath, hostPort), with all capabilities dropped, seccomp RuntimeDefault, cpu and memory requests, a memory limit and a pinned image, init containers included (exceptions only through the pack config's allow-list, each with its reason); workloads rendered inside a Helm release are not visible to it.",
  configSchema: {
    properties: {
      allow: {
        type: "array",
        items: {
          type: "object",
          properties: {
            namespace: { type: "string" },
            kind: { type: "string" },
            name: { type: "string" },
            rules: { type: "array", items: { type: "string", enum: [...POD_SECURITY_RULES] } },
            reason: { type: "string" },
          },
          required: ["namespace", "kind", "name", "rules", "reason"],
        },
      },
    },
  },
  validateResource: (args, reportViolation) => {
    const pod = podSpecOf(args.type, args.props);
    if (pod === undefined) return;
    const settings = parseSettings("pod-security", settingsSchema, args.getConfig());
    const { name, namespace } = metadataOf(args.props);
    const kind = kindOf(args.type);
    const allowed = new Set(
      settings.allow
        .filter((entry) => entry.kind === kind && matchesPattern(entry.name, name) && matchesPattern(entry.namespace, namespace))
        .flatMap((entry) => entry.rules),
    );
    const subject = describeObject(args.type, args.props, args.name);
    const podSecurityContext = asRecord(pod.spec["securityContext"]);
    if (!allowed.has("no-host-access")) {
      for (const problem of hostAccess(pod.spec)) reportViolation(`${subject}: ${problem} [no-host-access]`);
    }
    for (const ref of containersOf(pod.spec)) {
      for (const [rule, problem] of containerProblems(ref, podSecurityContext)) {
        if (!allowed.has(rule)) {
          reportViolation(`${subject}, ${describeContainer(ref)}: ${problem} [${rule}]`);
        }
      }
    }
  },
};

type Finding = readonly [PodSecurityRule, string];

/** What lets a pod reach past its own walls: the node's namespaces or its files. */
function hostAccess(spec: Record<string, unknown>): string[] {
  const problems = (["hostNetwork", "hostPID", "hostIPC"] as const)
    .filter((key) => spec[key] === true)
    .map((key) => `${key} is true, which shares the node's; remove it`);
  for (const volume of asArray(spec["volumes"]).map(asRecord)) {
    if (volume["hostPath"] !== undefined) {
      problems.push(`volume "${String(volume["name"])}" mounts a hostPath from the node; use a PersistentVolumeClaim, a ConfigMap or an emptyDir`);
    }
  }
  return problems;
}

function containerProblems(ref: ContainerRef, podContext: Record<string, unknown>): Finding[] {
  const context = asRecord(ref.container["securityContext"]);
  const findings: Finding[] = [];

  // The container's setting overrides the pod's.
  const runAsNonRoot = context["runAsNonRoot"] ?? podContext["runAsNonRoot"];
  if (runAsNonRoot !== true) {
    findings.push(["run-as-non-root", `runAsNonRoot is ${show(runAsNonRoot)}; set securityContext.runAsNonRoot: true (pod or container)`]);
  }
  if (context["runAsUser"] === 0 || (context["runAsUser"] === undefined && podContext["runAsUser"] === 0)) {
    findings.push(["run-as-non-root", "runAsUser is 0 (root); run as a non-zero user id"]);
  }

  if (context["allowPrivilegeEscalation"] !== false) {
    findings.push([
      "no-privilege-escalation",
      `allowPrivilegeEscalation is ${show(context["allowPrivilegeEscalation"])}; set securityContext.allowPrivilegeEscalation: false`,
    ]);
  }
  if (context["privileged"] === true) {
    findings.push(["no-privilege-escalation", "privileged is true; remove it"]);
  }

  const capabilities = asRecord(context["capabilities"]);
  const drop = Array.isArray(capabilities["drop"]) ? capabilities["drop"] : [];
  if (!drop.includes("ALL")) {
    findings.push(["drop-all-capabilities", `capabilities.drop is ${show(capabilities["drop"])}; set securityContext.capabilities.drop: ["ALL"]`]);
  }
  // Restricted allows adding back NET_BIND_SERVICE only.
  const added = (Array.isArray(capabilities["add"]) ? capabilities["add"] : []).filter((c) => c !== "NET_BIND_SERVICE");
  if (added.length > 0) {
    findings.push(["drop-all-capabilities", `capabilities.add is ${show(added)}; add nothing but NET_BIND_SERVICE`]);
  }

  const seccomp = asRecord(context["seccompProfile"])["type"] ?? asRecord(podContext["seccompProfile"])["type"];
  if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") {
    findings.push(["seccomp-runtime-default", `seccompProfile.type is ${show(seccomp)}; set securityContext.seccompProfile.type: RuntimeDefault (pod or container)`]);
  }

  const resources = asRecord(ref.container["resources"]);
  const requests = asRecord(resources["requests"]);
  const missingRequests = ["cpu", "memory"].filter((key) => requests[key] === undefined);
  if (missingRequests.length > 0) {
    findings.push(["resources", `resources.requests has no ${missingRequests.join(" and ")}; request what it needs so the scheduler can place it`]);
  }
  if (asRecord(resources["limits"])["memory"] === undefined) {
    findings.push(["resources", "resources.limits has no memory; set a memory limit so one pod cannot starve a node"]);
  }

  const hostPorts = asArray(ref.container["ports"]).map(asRecord).filter((port) => port["hostPort"] !== undefined && port["hostPort"] !== 0);
  if (hostPorts.length > 0) {
    findings.push(["no-host-access", `ports bind hostPort ${hostPorts.map((port) => String(port["hostPort"])).join(", ")} on the node; expose it through a Service instead`]);
  }

  const image = ref.container["image"];
  const imageProblem = typeof image === "string" ? unpinned(image) : `image is ${show(image)}`;
  if (imageProblem !== undefined) findings.push(["pinned-image", `${imageProblem}; pin a version tag or a digest`]);
  return findings;
}

function unpinned(image: string): string | undefined {
  const { tag, digest } = parseImage(image);
  if (digest !== undefined) return undefined;
  if (tag === undefined) return `image "${image}" has no tag (it means latest)`;
  if (tag === "latest") return `image "${image}" is tagged latest`;
  return undefined;
}

function show(value: unknown): string {
  return value === undefined ? "not set" : JSON.stringify(value);
}
