import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { EnforcementLevel, PolicyPackConfig } from "@pulumi/policy";
import { z } from "zod";

/**
 * The pack's configuration lives in one file, policies/config.json, in the shape of Pulumi's
 * `--policy-pack-config` file: `{ "<policy>": "<level>" | { "enforcementLevel"?, ...settings } }`.
 * policies/index.ts hands it to the engine as the pack's initial config and the offline plan reads
 * the same file, so both run the same policies at the same levels with the same settings.
 * https://www.pulumi.com/docs/using-pulumi/crossguard/configuration/
 */
export const PACK_CONFIG_FILE = join(__dirname, "config.json");

const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const satisfies readonly EnforcementLevel[];

/** Policies are mandatory unless the pack's config lowers one. */
export const DEFAULT_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";

const policyConfigSchema = z.union([
  z.enum(ENFORCEMENT_LEVELS),
  z.looseObject({ enforcementLevel: z.enum(ENFORCEMENT_LEVELS).optional() }),
]);
const packConfigSchema = z.record(z.string(), policyConfigSchema);

/** Reads and checks a pack config file; an error names the file and the field. */
export function loadPackConfig(file: string = PACK_CONFIG_FILE): PolicyPackConfig {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: not a readable JSON file (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = packConfigSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}; a policy's config is a level (${ENFORCEMENT_LEVELS.join(", ")}) or an object`);
  }
  return parsed.data as PolicyPackConfig;
}

/**
 * A policy's level as the engine computes it: the policy's entry in the config, else the config's
 * `all` entry, else the policy's own, else the pack's.
 */
export function enforcementLevelOf(
  policy: { readonly name: string; readonly enforcementLevel?: EnforcementLevel },
  config: PolicyPackConfig,
): EnforcementLevel {
  return levelIn(config[policy.name]) ?? levelIn(config["all"]) ?? policy.enforcementLevel ?? DEFAULT_ENFORCEMENT_LEVEL;
}

function levelIn(entry: PolicyPackConfig[string] | undefined): EnforcementLevel | undefined {
  return typeof entry === "string" ? entry : entry?.enforcementLevel;
}

/** A policy's settings as the engine hands them to `getConfig()`: the entry without its level. */
export function settingsOf(policyName: string, config: PolicyPackConfig): Record<string, unknown> {
  const entry = config[policyName];
  if (entry === undefined || typeof entry === "string") return {};
  const { enforcementLevel: _level, ...settings } = entry;
  return settings;
}

const parsedSettings = new Map<string, unknown>();

/**
 * Reads a policy's settings with its own schema: a mistake in config.json stops the policy with a
 * message naming the policy and the field, instead of being silently ignored.
 */
export function parseSettings<T>(policyName: string, schema: z.ZodType<T>, settings: unknown): T {
  // Resource policies ask once per resource: parse each distinct config once.
  const key = `${policyName}\0${JSON.stringify(settings)}`;
  if (parsedSettings.has(key)) return parsedSettings.get(key) as T;
  const parsed = schema.safeParse(settings);
  if (parsed.success) {
    parsedSettings.set(key, parsed.data);
    return parsed.data;
  }
  const problems = parsed.error.issues.map((issue) => `${[policyName, ...issue.path].join(".")}: ${issue.message}`);
  throw new Error(`the policy pack's config is invalid: ${problems.join("; ")}`);
}

/**
 * The config the pack hands the engine as its initial config: every policy with its level written
 * out. An entry without one would cross the wire as level 0, which the protocol reads as advisory.
 */
export function initialConfigOf(
  policies: readonly { readonly name: string; readonly enforcementLevel?: EnforcementLevel }[],
  config: PolicyPackConfig,
): PolicyPackConfig {
  return Object.fromEntries(
    policies.map((policy) => [policy.name, { enforcementLevel: enforcementLevelOf(policy, config), ...settingsOf(policy.name, config) }]),
  );
}
