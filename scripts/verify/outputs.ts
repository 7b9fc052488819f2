import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { z } from "zod";
import type { VerifyTargets } from "../../model/contract/verify-targets";

/** What verify reads of the stack's outputs (stacks/program.ts, StackOutputs): `verify` and `kubeconfigs`. */
export interface FleetOutputs {
  readonly verify: VerifyTargets;
  /** By cluster name; read with `--show-secrets`. */
  readonly kubeconfigs: Readonly<Record<string, string>>;
}

const endpoint = z.strictObject({ app: z.string(), hostname: z.string(), healthPath: z.string().startsWith("/") });
const login = z.strictObject({ clientId: z.string(), loginUrl: z.url(), redirectUri: z.url(), pkce: z.enum(["S256", "none"]) });
const schema = z.object({
  verify: z.strictObject({
    clusters: z.record(
      z.string(),
      z.strictObject({
        ingress: z.strictObject({ address: z.string(), address6: z.string().optional() }),
        etcdSnapshotSchedule: z.string().optional(),
      }),
    ),
    tenants: z.record(
      z.string(),
      z.strictObject({
        cluster: z.string(),
        state: z.string(),
        namespace: z.string(),
        hostnames: z.array(z.string()),
        issuer: z.url(),
        endpoints: z.array(endpoint),
        logins: z.array(login),
        backups: z.strictObject({ schedule: z.string(), databases: z.array(z.string()), volumes: z.boolean() }),
        claims: z.array(z.string()),
      }),
    ),
  }),
  kubeconfigs: z.record(z.string(), z.string()).default({}),
});

/**
 * The stack's outputs, validated: a missing or mistyped field is named with its path and how to
 * get it (a stack deployed before `verify` was an output needs a `pulumi up`).
 */
export function parseOutputs(json: string, source: string): FleetOutputs {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new Error(`${source}: not JSON (${(error as Error).message}); give the output of \`pulumi stack output --json --show-secrets\``);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(top)"}: ${i.message}`);
    throw new Error(`${source}: not the stack outputs verify reads:\n${problems.join("\n")}\n(a stack deployed before the \`verify\` output existed needs a \`pulumi up\`)`);
  }
  const { verify, kubeconfigs } = parsed.data;
  for (const [id, tenant] of Object.entries(verify.tenants)) {
    if (verify.clusters[tenant.cluster] === undefined) throw new Error(`${source}: verify.tenants.${id}.cluster: "${tenant.cluster}" is not among verify.clusters`);
  }
  if (Object.values(kubeconfigs).some((k) => k === "[secret]")) {
    throw new Error(`${source}: kubeconfigs are hidden ("[secret]"); run \`pulumi stack output --json --show-secrets\``);
  }
  return { verify, kubeconfigs };
}

/** The outputs from a file, or from `pulumi stack output --json --show-secrets` of a stack. */
export function loadOutputs(options: { readonly file?: string; readonly stack: string }): FleetOutputs {
  if (options.file !== undefined) return parseOutputs(readFileSync(options.file, "utf8"), options.file);
  const json = execFileSync("pulumi", ["stack", "output", "--json", "--show-secrets", "--stack", options.stack], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  return parseOutputs(json, `pulumi stack output (stack ${options.stack})`);
}
