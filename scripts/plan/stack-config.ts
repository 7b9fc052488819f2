import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { PlanError } from "./plan-error";

/** A config declaration in Pulumi.yaml (the typed form). */
const declarationSchema = z.strictObject({
  type: z.enum(["string", "integer", "boolean", "array"]),
  description: z.string().min(1),
  secret: z.boolean().optional(),
  default: z.unknown().optional(),
  items: z.unknown().optional(),
});

const projectSchema = z.looseObject({
  name: z.string().min(1),
  main: z.string().min(1),
  config: z.record(z.string(), declarationSchema).default({}),
});

const stackFileSchema = z.looseObject({ config: z.record(z.string(), z.unknown()).default({}) });

export interface StackConfig {
  readonly project: string;
  /** Pulumi's wire form: `<namespace>:<key>` → string (JSON for lists and objects). */
  readonly values: Record<string, string>;
  readonly secretKeys: string[];
}

/**
 * The config the stack would run with: non-secret values from `Pulumi.<stack>.yaml`, defaults
 * from `Pulumi.yaml`, and, for each secret key, an offline stand-in that never leaves the plan.
 */
export function readStackConfig(rootDir: string, stack: string): StackConfig {
  const project = projectSchema.parse(parse(readFileSync(join(rootDir, "Pulumi.yaml"), "utf8")));
  const stackFile = `Pulumi.${stack}.yaml`;
  const stackConfig = stackFileSchema.parse(parse(readFileSync(join(rootDir, stackFile), "utf8")) ?? {}).config;

  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, declaration] of Object.entries(project.config)) {
    const fullKey = `${project.name}:${key}`;
    if (declaration.secret === true) {
      values[fullKey] = `offline stand-in for ${key}`;
      secretKeys.push(fullKey);
    } else if (declaration.default !== undefined) {
      values[fullKey] = wireValue(declaration.default);
    }
  }
  for (const [key, value] of Object.entries(stackConfig)) {
    const fullKey = key.includes(":") ? key : `${project.name}:${key}`;
    const [namespace, name = ""] = fullKey.split(":");
    if (namespace === project.name && project.config[name] === undefined) {
      throw new PlanError(`${stackFile}: config key "${key}" is not declared in Pulumi.yaml; declare it there with a description`);
    }
    if (secretKeys.includes(fullKey)) {
      // Committed encrypted (`pulumi config set --secret` writes `secure:`), decrypted only where
      // the passphrase is: a value in clear here is a leaked secret.
      if (!isEncrypted(value)) {
        throw new PlanError(
          `${stackFile}: config key "${key}" is a secret (Pulumi.yaml) written in clear; treat it as leaked: rotate it, then set it with \`pulumi config set --secret ${name}\``,
        );
      }
      // The plan never needs it: its offline stand-in stays.
      continue;
    }
    values[fullKey] = wireValue(value);
  }
  return { project: project.name, values, secretKeys };
}

/** Pulumi's form of an encrypted config value: `{ secure: <ciphertext> }`. */
function isEncrypted(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as { secure?: unknown }).secure === "string" && Object.keys(value).length === 1;
}

function wireValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
