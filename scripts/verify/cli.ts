import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Format } from "./report";

export const USAGE = `npm run verify -- [options]

Checks the deployed fleet from outside and through each cluster's API, with the stack's own
outputs: every tenant hostname resolves to its cluster's ingress (A, AAAA) and serves a certificate
valid for more than 14 days; every app answers its health path; every realm's OIDC discovery
answers; every app's login redirects to its realm with the client id, redirect URI and PKCE its
client expects; every tenant's database and volume backups, and each created cluster's etcd
snapshots, are younger than their schedule allows; every node is Ready; every protected claim is
Bound. Prints one line per tenant and check (ok, warn or fail, and what to do); exits 1 when a
check fails.

Options:
  --stack NAME        the stack whose outputs are read with \`pulumi stack output --json --show-secrets\` (default: prod)
  --outputs FILE      read the outputs from FILE (that command's output) instead of running pulumi
  --resolver IP[:PORT]  ask these DNS resolvers (repeatable; default: the system's), e.g. 9.9.9.9 to see what visitors see
  --ca FILE           also trust this CA's certificates (PEM), e.g. a staging ACME CA
  --format table|json|markdown  how the report is printed (default: table)
  --summary FILE      also append the report as markdown to FILE (CI: $GITHUB_STEP_SUMMARY)
  --help              prints this

Examples:
  npm run verify
  npm run verify -- --resolver 9.9.9.9 --resolver 1.1.1.1 --format json
  pulumi stack output --json --show-secrets > outputs.json && npm run verify -- --outputs outputs.json
`;

export interface VerifyOptions {
  readonly help: boolean;
  readonly stack: string;
  readonly outputs?: string;
  readonly resolvers: readonly string[];
  readonly ca?: readonly string[];
  readonly format: Format;
  readonly summary?: string;
}

/** The command line, validated: a bad option is refused with what to write instead. */
export function parseVerifyArgs(argv: readonly string[]): VerifyOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      help: { type: "boolean", default: false },
      stack: { type: "string", default: "prod" },
      outputs: { type: "string" },
      resolver: { type: "string", multiple: true, default: [] },
      ca: { type: "string" },
      format: { type: "string", default: "table" },
      summary: { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  });
  const format = values.format!;
  if (format !== "table" && format !== "json" && format !== "markdown") throw new Error(`--format ${format}: use table, json or markdown`);
  for (const resolver of values.resolver!) {
    if (!/^(\d{1,3}(\.\d{1,3}){3}(:\d+)?|\[?[0-9a-fA-F:]+\]?(:\d+)?)$/.test(resolver)) throw new Error(`--resolver ${resolver}: give an IP address, with :PORT if not 53`);
  }
  return {
    help: values.help!,
    stack: values.stack!,
    ...(values.outputs === undefined ? {} : { outputs: values.outputs }),
    resolvers: values.resolver!,
    ...(values.ca === undefined ? {} : { ca: [readFileSync(values.ca, "utf8")] }),
    format,
    ...(values.summary === undefined ? {} : { summary: values.summary }),
  };
}
