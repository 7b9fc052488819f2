import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SnapshotResource } from "../../scripts/plan/snapshot";

/**
 * What an app's image and code really do at one tag, kept as data in test/contracts/apps/ (listed
 * in test/contracts/SOURCES.md). The tests hold the planned pods and OIDC clients against it.
 */
export interface AppContract {
  readonly app: string;
  /** By the container's name in the planned pods. */
  readonly containers: Readonly<Record<string, ImageContract>>;
  readonly oidc?: OidcContract;
  readonly config?: { readonly mustBeNull: readonly string[] };
}

export interface ImageContract {
  /** The repository part of the image reference. */
  readonly image: string;
  /** The tag the sources were read at: a new pin means reading them again. */
  readonly tag: string;
  readonly user: number;
  /** Where the image writes under a read-only root: each needs a writable volume. */
  readonly writablePaths: readonly string[];
  /** Every variable the image reads; anything else is silently ignored. */
  readonly env: readonly string[];
}

export interface OidcContract {
  readonly redirectPath: string;
  /** Where a browser's login starts (path and query): a GET there is redirected to the provider. */
  readonly loginPath: string;
  readonly pkce: "S256" | "none";
  /** What makes the app send PKCE, when it does not by default. */
  readonly pkceNeeds?: { readonly env: string; readonly value: string };
  readonly postLogoutPaths: readonly string[];
  readonly backchannelLogoutPath: string | null;
  readonly scopes: readonly string[];
  readonly scopeSetting: { readonly env?: string; readonly container?: string; readonly config?: string; readonly fixed?: string; readonly default?: string };
}

export const CONTRACTS_DIR = join(__dirname, "..", "contracts", "apps");

export function loadAppContracts(): AppContract[] {
  return readdirSync(CONTRACTS_DIR)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => JSON.parse(readFileSync(join(CONTRACTS_DIR, file), "utf8")) as AppContract);
}

export type PlannedContainer = {
  name: string;
  image: string;
  env?: { name: string }[];
  securityContext: { runAsUser?: number; readOnlyRootFilesystem?: boolean };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[];
};
export type PlannedVolume = { name: string; emptyDir?: unknown; persistentVolumeClaim?: unknown; configMap?: unknown; secret?: unknown };
export interface PlannedPod {
  /** `<kind> <name>`, for messages. */
  readonly owner: string;
  readonly containers: readonly PlannedContainer[];
  readonly initContainers: readonly PlannedContainer[];
  readonly volumes: readonly PlannedVolume[];
}

/** Every pod template the plan holds: Deployments, StatefulSets and CronJobs. */
export function plannedPods(resources: readonly SnapshotResource[]): PlannedPod[] {
  const pods: PlannedPod[] = [];
  for (const r of resources) {
    const inputs = r.inputs as any;
    const spec =
      r.type === "kubernetes:apps/v1:Deployment" || r.type === "kubernetes:apps/v1:StatefulSet"
        ? inputs.spec?.template?.spec
        : r.type === "kubernetes:batch/v1:CronJob"
          ? inputs.spec?.jobTemplate?.spec?.template?.spec
          : undefined;
    if (spec === undefined) continue;
    pods.push({ owner: `${r.type.split(":").pop()} ${r.name}`, containers: spec.containers ?? [], initContainers: spec.initContainers ?? [], volumes: spec.volumes ?? [] });
  }
  return pods;
}

export function imageRepository(image: string): string {
  return image.slice(0, image.lastIndexOf(":"));
}

/**
 * What a planned container does that its image contract does not allow. `ownEnv` are variables
 * jardin's own files read (checked where those files are); `main` says the container runs the
 * image's own program, so its writable paths must be there (an init container running one
 * command needs none of them).
 */
export function containerProblems(
  pod: PlannedPod,
  container: PlannedContainer,
  contract: ImageContract,
  options: { readonly ownEnv: readonly string[]; readonly main: boolean },
): string[] {
  const where = `${pod.owner}, container ${container.name}`;
  const problems: string[] = [];
  const tag = container.image.slice(container.image.lastIndexOf(":") + 1);
  if (tag !== contract.tag) {
    problems.push(`${where}: image tag ${tag}, but its contract was read at ${contract.tag}: read the sources at ${tag} and update the contract`);
  }
  if (container.securityContext.runAsUser !== contract.user) {
    problems.push(`${where}: runs as ${container.securityContext.runAsUser}, the image's user is ${contract.user}`);
  }
  if (container.securityContext.readOnlyRootFilesystem !== true) problems.push(`${where}: root filesystem not read-only`);
  const known = new Set([...contract.env, ...options.ownEnv]);
  for (const variable of container.env ?? []) {
    if (!known.has(variable.name)) problems.push(`${where}: sets ${variable.name}, which the image does not read`);
  }
  if (options.main) {
    const volumes = new Map(pod.volumes.map((v) => [v.name, v]));
    for (const path of contract.writablePaths) {
      const writable = (container.volumeMounts ?? []).some((m) => {
        const volume = volumes.get(m.name);
        const coversPath = m.subPath === undefined && (path === m.mountPath || path.startsWith(`${m.mountPath}/`));
        return coversPath && m.readOnly !== true && volume !== undefined && (volume.emptyDir !== undefined || volume.persistentVolumeClaim !== undefined);
      });
      if (!writable) problems.push(`${where}: ${path} is where the image writes, but no writable volume is mounted there`);
    }
  }
  return problems;
}

export type PlannedClient = {
  validRedirectUris: string[];
  pkceCodeChallengeMethod?: string;
  validPostLogoutRedirectUris: string[];
  backchannelLogoutUrl?: string;
  backchannelLogoutSessionRequired?: boolean;
};

/** What a planned Keycloak client does not allow, or allows beyond, of what its app sends. */
export function clientProblems(client: PlannedClient, contract: OidcContract, host: string): string[] {
  const url = `https://${host}`;
  const problems: string[] = [];
  const same = (a: readonly unknown[], b: readonly unknown[]) => JSON.stringify(a) === JSON.stringify(b);
  const redirect = [`${url}${contract.redirectPath}`];
  if (!same(client.validRedirectUris, redirect)) problems.push(`redirect URIs ${JSON.stringify(client.validRedirectUris)}, the app sends ${redirect[0]}`);
  const pkce = contract.pkce === "S256" ? "S256" : "";
  if ((client.pkceCodeChallengeMethod ?? "") !== pkce) {
    problems.push(`PKCE "${client.pkceCodeChallengeMethod ?? ""}" required, the app sends ${contract.pkce === "S256" ? "S256" : "none"}`);
  }
  const postLogout = contract.postLogoutPaths.map((path) => `${url}${path}`);
  if (!same(client.validPostLogoutRedirectUris, postLogout)) {
    problems.push(`post-logout URIs ${JSON.stringify(client.validPostLogoutRedirectUris)}, the app sends ${JSON.stringify(postLogout)}`);
  }
  const backchannel = contract.backchannelLogoutPath === null ? undefined : `${url}${contract.backchannelLogoutPath}`;
  if (client.backchannelLogoutUrl !== backchannel) {
    problems.push(`back-channel logout URL ${client.backchannelLogoutUrl ?? "none"}, the app serves ${backchannel ?? "none"}`);
  }
  if (backchannel !== undefined && client.backchannelLogoutSessionRequired !== true) problems.push("back-channel logout without the session id the app matches on");
  return problems;
}
