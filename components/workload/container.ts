import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";


/** A key of the app's one Secret (components/workload/secret.ts); the value never reaches an env. */
export interface SecretKey {
  readonly secretKey: string;
  /** @default the app's Secret */
  readonly secretName?: pulumi.Input<string>;
}

export type EnvValue = pulumi.Input<string> | SecretKey;

/** How Kubernetes checks a container: an HTTP path, a TCP port, or a command. */
export type Check =
  | { readonly http: string; readonly port: number | string }
  | { readonly tcp: number | string }
  | { readonly exec: readonly string[] };

export interface ContainerSpec {
  readonly name: string;
  /** `repository:tag`, pinned: a tag that names a version, never `latest`. */
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  /** Plain values and references to Secret keys, by variable name. */
  readonly env?: Readonly<Record<string, EnvValue>>;
  readonly ports?: readonly { readonly name: string; readonly containerPort: number; readonly protocol?: "TCP" | "UDP" }[];
  /** Traffic is sent once this passes. */
  readonly readiness?: Check;
  /** The container is restarted when this fails. @default the readiness check */
  readonly liveness?: Check;
  /** Gives a slow first start (migrations) this many seconds before liveness counts. @default none */
  readonly startupSeconds?: number;
  readonly resources: {
    readonly cpuMillis: number;
    readonly memoryMiB: number;
    /** No CPU limit: throttling hurts latency and the quota already bounds the tenant. @default 2 × memoryMiB */
    readonly memoryLimitMiB?: number;
  };
  /**
   * `false` only for images that write outside their volumes; say why where it is set.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
  /** Writable scratch paths on a read-only image: each gets an emptyDir, by volume name. */
  readonly scratch?: Readonly<Record<string, string>>;
  readonly mounts?: readonly k8s.types.input.core.v1.VolumeMount[];
  /** @default the image's user, which must not be root */
  readonly runAsUser?: number;
  /** Only when an image cannot work without one; the pod is then not `restricted`. @default none */
  readonly addCapabilities?: readonly string[];
}

const DEFAULT_MEMORY_LIMIT_FACTOR = 2;

export function memoryLimitOf(spec: ContainerSpec): number {
  return spec.resources.memoryLimitMiB ?? spec.resources.memoryMiB * DEFAULT_MEMORY_LIMIT_FACTOR;
}

/** Refuses an unpinned image: the plan, the diff and the policies must see which version runs. */
export function pinnedImage(image: string): string {
  const tag = /^[^@]+:([^:/@]+)$/.exec(image)?.[1];
  if (tag === undefined || tag === "latest" || tag === "stable") {
    throw new Error(`image "${image}" is not pinned; name a version tag, like "nginx:1.29.3"`);
  }
  return image;
}

/**
 * The container security context of the Pod Security `restricted` profile, plus a read-only root.
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export function containerSecurityContext(spec: ContainerSpec): k8s.types.input.core.v1.SecurityContext {
  return {
    runAsNonRoot: true,
    ...(spec.runAsUser === undefined ? {} : { runAsUser: spec.runAsUser, runAsGroup: spec.runAsUser }),
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: spec.readOnlyRootFilesystem ?? true,
    capabilities: { drop: ["ALL"], ...(spec.addCapabilities === undefined ? {} : { add: [...spec.addCapabilities] }) },
    seccompProfile: { type: "RuntimeDefault" },
  };
}

function probe(check: Check, extra: k8s.types.input.core.v1.Probe): k8s.types.input.core.v1.Probe {
  const handler: k8s.types.input.core.v1.Probe =
    "http" in check
      ? { httpGet: { path: check.http, port: check.port } }
      : "tcp" in check
        ? { tcpSocket: { port: check.tcp } }
        : { exec: { command: [...check.exec] } };
  return { ...handler, periodSeconds: 10, timeoutSeconds: 5, ...extra };
}

function envVar(name: string, value: EnvValue, secretName: pulumi.Input<string>): k8s.types.input.core.v1.EnvVar {
  if (typeof value === "object" && value !== null && "secretKey" in value) {
    return { name, valueFrom: { secretKeyRef: { name: value.secretName ?? secretName, key: value.secretKey } } };
  }
  return { name, value: value as pulumi.Input<string> };
}

/** One hardened container; `secretName` is the app's Secret that SecretKey values point into. */
export function container(spec: ContainerSpec, secretName: pulumi.Input<string>): k8s.types.input.core.v1.Container {
  const readiness = spec.readiness;
  const liveness = spec.liveness ?? readiness;
  return {
    name: spec.name,
    image: pinnedImage(spec.image),
    imagePullPolicy: "IfNotPresent",
    ...(spec.command === undefined ? {} : { command: [...spec.command] }),
    ...(spec.args === undefined ? {} : { args: [...spec.args] }),
    env: Object.entries(spec.env ?? {}).map(([name, value]) => envVar(name, value, secretName)),
    ports: (spec.ports ?? []).map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol ?? "TCP" })),
    ...(readiness === undefined ? {} : { readinessProbe: probe(readiness, { failureThreshold: 3 }) }),
    ...(liveness === undefined ? {} : { livenessProbe: probe(liveness, { failureThreshold: 6 }) }),
    ...(spec.startupSeconds === undefined || liveness === undefined
      ? {}
      : { startupProbe: probe(liveness, { failureThreshold: Math.ceil(spec.startupSeconds / 10) }) }),
    resources: {
      requests: { cpu: `${spec.resources.cpuMillis}m`, memory: `${spec.resources.memoryMiB}Mi` },
      limits: { memory: `${memoryLimitOf(spec)}Mi` },
    },
    securityContext: containerSecurityContext(spec),
    volumeMounts: [
      ...(spec.mounts ?? []),
      ...Object.entries(spec.scratch ?? {}).map(([name, mountPath]) => ({ name, mountPath })),
    ],
  };
}

/** The emptyDir volumes behind every container's scratch paths, once per name. */
export function scratchVolumes(specs: readonly ContainerSpec[]): k8s.types.input.core.v1.Volume[] {
  const names = new Set(specs.flatMap((s) => Object.keys(s.scratch ?? {})));
  return [...names].map((name) => ({ name, emptyDir: {} }));
}

/**
 * The pod security context of the `restricted` profile. `fsGroup` makes claimed volumes writable
 * by the app's user without running anything as root.
 */
export function podSecurityContext(fsGroup: number | undefined): k8s.types.input.core.v1.PodSecurityContext {
  return {
    runAsNonRoot: true,
    seccompProfile: { type: "RuntimeDefault" },
    ...(fsGroup === undefined ? {} : { fsGroup, fsGroupChangePolicy: "OnRootMismatch" }),
  };
}
