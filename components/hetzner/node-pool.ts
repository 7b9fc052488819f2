import * as hcloud from "@pulumi/hcloud";
import * as pulumi from "@pulumi/pulumi";
import { nodeNames, placementChunk, placementChunks, type NodePoolPlan } from "../../model/node-pools";
import { nodeLabels } from "./labels";

/** The operating system of every node; k3s supports it (https://docs.k3s.io/installation/requirements). */
export const NODE_IMAGE = "ubuntu-24.04";

export interface NodePoolArgs {
  readonly cluster: string;
  readonly pool: NodePoolPlan;
  /** Hetzner SSH key ids of the gardeners. */
  readonly sshKeys: pulumi.Input<string>[];
  /** The private network's subnet the servers attach to. */
  readonly subnetId: pulumi.Input<string>;
  readonly firewallId: pulumi.Input<number>;
  /** A node's user data, by node name. */
  readonly userData: (nodeName: string) => pulumi.Output<string>;
}

/**
 * The resource options every node gets. User data, image and SSH keys only matter at first boot,
 * and Hetzner replaces a server to change them: a change must never replace a running node (a new
 * k3s release goes through the upgrade controller; rolling a node is a deliberate
 * `pulumi up --replace`, see the README). Control-plane servers hold etcd: Pulumi refuses to
 * delete them unless someone unprotects them first.
 *
 * A replacement deletes the old server before creating the new one: the new one keeps the node's
 * name (its Kubernetes node name), and Hetzner refuses two servers of one name in a project,
 * which Pulumi's default order (create the new one first) would ask for.
 */
export function nodeResourceOptions(role: NodePoolPlan["role"]): Pick<pulumi.CustomResourceOptions, "ignoreChanges" | "protect" | "deleteBeforeReplace"> {
  return { ignoreChanges: [...FIRST_BOOT_INPUTS], protect: role === "control-plane", deleteBeforeReplace: true };
}

/** Server inputs read only when the server is created. */
export const FIRST_BOOT_INPUTS = ["userData", "image", "sshKeys"] as const;

/**
 * One pool's servers and their spread placement groups (one per 10 servers), named from the pool
 * key and a number that never shifts.
 */
export class NodePool extends pulumi.ComponentResource {
  /** The pool's servers, by node name. */
  readonly servers: ReadonlyMap<string, hcloud.Server>;

  constructor(name: string, args: NodePoolArgs, opts?: pulumi.ComponentResourceOptions) {
    super("jardin:hetzner:NodePool", name, {}, opts);
    const { pool } = args;
    const labels = nodeLabels({ cluster: args.cluster, pool: pool.key, role: pool.role, tenant: pool.tenant });

    const groups = new Map(
      placementChunks(pool.count).map(({ chunk }) => {
        const groupName = `${name}-spread-${chunk}`;
        const group = new hcloud.PlacementGroup(groupName, { name: groupName, type: "spread", labels }, { parent: this });
        return [chunk, group.id.apply(Number)] as const;
      }),
    );

    const controlPlane = pool.role === "control-plane";
    const servers = new Map<string, hcloud.Server>();
    nodeNames(args.cluster, pool.key, pool.count).forEach((nodeName, i) => {
      const server = new hcloud.Server(
        nodeName,
        {
          name: nodeName,
          serverType: pool.serverType,
          location: pool.location,
          image: NODE_IMAGE,
          placementGroupId: groups.get(placementChunk(i + 1))!,
          sshKeys: args.sshKeys,
          firewallIds: [args.firewallId],
          // The subnet, not only the network ("When used alone without `subnetId`, the server will be
          // attached to the last subnet [...] which may be unpredictable"), and no alias IPs given as
          // an empty list ("a bug with Terraform `1.4+` which causes the network to be detached &
          // attached on every apply. Set `aliasIps = []` to avoid this"): @pulumi/hcloud 1.41.0,
          // types/input.d.ts, ServerNetwork.
          networks: [{ subnetId: args.subnetId, aliasIps: [] }],
          publicNets: [{ ipv4Enabled: true, ipv6Enabled: true }],
          labels,
          userData: pulumi.secret(args.userData(nodeName)),
          deleteProtection: controlPlane,
          rebuildProtection: controlPlane,
        },
        // The subnet id is an input: servers wait for the subnet, not only for the network.
        { parent: this, ...nodeResourceOptions(pool.role) },
      );
      servers.set(nodeName, server);
    });
    this.servers = servers;
    this.registerOutputs({});
  }
}
