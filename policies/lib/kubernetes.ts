/** Reading Kubernetes objects as a policy receives them: plain inputs, any field possibly absent. */

export type Props = Readonly<Record<string, unknown>>;

export interface Metadata {
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function stringMap(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(asRecord(value)).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

export function metadataOf(props: Props): Metadata {
  const metadata = asRecord(props["metadata"]);
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  return {
    name: text(metadata["name"]),
    namespace: text(metadata["namespace"]),
    labels: stringMap(metadata["labels"]),
    annotations: stringMap(metadata["annotations"]),
  };
}

/** `kubernetes:apps/v1:Deployment` → `Deployment`; other providers' types are left as they are. */
export function kindOf(type: string): string {
  return type.startsWith("kubernetes:") ? (type.split(":")[2] ?? type) : type;
}

/** How a message names a Kubernetes object: `Deployment les-semeurs/nextcloud`. */
export function describeObject(type: string, props: Props, fallbackName: string): string {
  const { name, namespace } = metadataOf(props);
  return `${kindOf(type)} ${namespace === undefined ? "" : `${namespace}/`}${name ?? fallbackName}`;
}

/** Where each workload kind keeps its pod template's spec. */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  "kubernetes:core/v1:Pod": ["spec"],
  "kubernetes:apps/v1:Deployment": ["spec", "template", "spec"],
  "kubernetes:apps/v1:StatefulSet": ["spec", "template", "spec"],
  "kubernetes:apps/v1:DaemonSet": ["spec", "template", "spec"],
  "kubernetes:apps/v1:ReplicaSet": ["spec", "template", "spec"],
  "kubernetes:batch/v1:Job": ["spec", "template", "spec"],
  "kubernetes:batch/v1:CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
};

export interface PodSpec {
  /** Dotted path of the pod spec in the resource's inputs, for messages. */
  readonly path: string;
  readonly spec: Record<string, unknown>;
}

/** The pod spec of a workload, or undefined for any other type. */
export function podSpecOf(type: string, props: Props): PodSpec | undefined {
  const path = POD_SPEC_PATHS[type];
  if (path === undefined) return undefined;
  let node: unknown = props;
  for (const key of path) node = asRecord(node)[key];
  return { path: path.join("."), spec: asRecord(node) };
}

export interface ContainerRef {
  /** `containers` or `initContainers`. */
  readonly list: "containers" | "initContainers";
  readonly name: string;
  readonly container: Record<string, unknown>;
}

/** Every container of a pod spec, init containers included: they run with the same rights. */
export function containersOf(spec: Record<string, unknown>): ContainerRef[] {
  return (["initContainers", "containers"] as const).flatMap((list) =>
    asArray(spec[list]).map((value, index) => {
      const container = asRecord(value);
      const name = typeof container["name"] === "string" ? container["name"] : `#${index}`;
      return { list, name, container };
    }),
  );
}

/** How a message names a container: `init container "migrate"` or `container "nextcloud"`. */
export function describeContainer(ref: ContainerRef): string {
  return `${ref.list === "initContainers" ? "init container" : "container"} "${ref.name}"`;
}
