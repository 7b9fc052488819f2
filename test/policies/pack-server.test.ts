import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POLICIES } from "../../policies/all";
import { enforcementLevelOf, initialConfigOf, loadPackConfig, settingsOf } from "../../policies/config";
import { checkPolicies, type Violation } from "../../scripts/plan/policies";
import type { SnapshotResource } from "../../scripts/plan/snapshot";
import { ROOT_DIR } from "../helpers/declarations";
import { HAND_WRITTEN, prodPlanWith } from "../helpers/hand-written";

// The pack as `pulumi preview --policy-pack policies` runs it: policies/index.ts serving its gRPC
// analyzer. The test speaks to it as the engine does, and compares its verdicts with the plan's.

const LEVELS: Record<number, string> = {
  [analyzer.EnforcementLevel.ADVISORY]: "advisory",
  [analyzer.EnforcementLevel.MANDATORY]: "mandatory",
  [analyzer.EnforcementLevel.DISABLED]: "disabled",
  [analyzer.EnforcementLevel.REMEDIATE]: "remediate",
};
const LEVEL_NUMBERS = Object.fromEntries(Object.entries(LEVELS).map(([n, level]) => [level, Number(n)]));

let pack: ChildProcess;
let client: AnalyzerClient;

beforeAll(async () => {
  pack = spawn(process.execPath, [join(ROOT_DIR, "node_modules/tsx/dist/cli.mjs"), "policies/index.ts"], { cwd: ROOT_DIR, stdio: ["ignore", "pipe", "pipe"] });
  const port = await new Promise<string>((resolve, reject) => {
    let stderr = "";
    pack.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    pack.stdout!.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
    pack.once("exit", (code) => reject(new Error(`the pack exited with ${code}: ${stderr}`)));
  });
  client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
});

afterAll(() => {
  client?.close();
  pack?.kill();
});

type Callback<Res> = (error: grpc.ServiceError | null, response: Res) => void;
/** One unary call to the pack, as a promise. */
function call<Res>(send: (callback: Callback<Res>) => unknown): Promise<Res> {
  return new Promise<Res>((resolve, reject) => send((error, response) => (error === null ? resolve(response) : reject(error))));
}

function toAnalyzerResource<T extends analyzer.AnalyzeRequest | analyzer.AnalyzerResource>(message: T, resource: SnapshotResource, byUrn: Map<string, SnapshotResource>): T {
  message.setType(resource.type);
  message.setUrn(resource.urn);
  message.setName(resource.name);
  message.setProperties(Struct.fromJavaScript(resource.inputs as Record<string, never>));
  const options = new analyzer.AnalyzerResourceOptions();
  options.setProtect(resource.protect);
  if (resource.parent !== null) options.setParent(resource.parent);
  message.setOptions(options);
  // The engine gives a stack policy each resource's parent here (the pack reads it to link them).
  if (message instanceof analyzer.AnalyzerResource && resource.parent !== null) message.setParent(resource.parent);
  // And its dependencies (the plan records the same list; secrets-per-tenant reads them).
  if (message instanceof analyzer.AnalyzerResource) message.setDependenciesList([...resource.dependencies]);
  if (resource.provider !== null) {
    const provider = new analyzer.AnalyzerProviderResource();
    provider.setUrn(resource.provider);
    provider.setType(byUrn.get(resource.provider)?.type ?? "");
    provider.setName(byUrn.get(resource.provider)?.name ?? "");
    provider.setProperties(Struct.fromJavaScript({}));
    message.setProvider(provider);
  }
  return message;
}

describe("the policy pack served to the engine", () => {
  it("offers every policy of policies/all.ts, mandatory by default, with config.json as its initial config", async () => {
    const info = await call<analyzer.AnalyzerInfo>((done) => client.getAnalyzerInfo(new Empty(), done));
    expect(info.getName()).toBe("jardin");
    expect(info.getPoliciesList().map((p) => p.getName())).toEqual(POLICIES.map((p) => p.name));
    expect(info.getPoliciesList().map((p) => LEVELS[p.getEnforcementlevel()])).toEqual(POLICIES.map(() => "mandatory"));
    const initial: Record<string, Record<string, unknown>> = {};
    info.getInitialconfigMap().forEach((config, name) => {
      initial[name] = { level: LEVELS[config.getEnforcementlevel()], ...config.getProperties()?.toJavaScript() };
    });
    // Every policy's level is written out: an entry without one would arrive as advisory.
    const config = loadPackConfig();
    expect(initial).toEqual(
      Object.fromEntries(POLICIES.map((p) => [p.name, { level: enforcementLevelOf(p, config), ...settingsOf(p.name, config) }])),
    );
  });

  it("gives the same verdicts as the plan on every hand-written violation", async () => {
    const config = loadPackConfig();
    // The engine configures the pack with its initial config, unless --policy-pack-config says otherwise.
    const configure = new analyzer.ConfigureAnalyzerRequest();
    for (const [name, entry] of Object.entries(initialConfigOf(POLICIES, config))) {
      const policyConfig = new analyzer.PolicyConfig();
      const { enforcementLevel = "mandatory", ...settings } = typeof entry === "string" ? { enforcementLevel: entry } : entry;
      policyConfig.setEnforcementlevel(LEVEL_NUMBERS[enforcementLevel]!);
      policyConfig.setProperties(Struct.fromJavaScript(settings as Record<string, never>));
      configure.getPolicyconfigMap().set(name, policyConfig);
    }
    await call((done) => client.configure(configure, done));

    // The prod plan with every hand-written resource (test/scripts/plan-policies.test.ts holds it
    // equal to one recording of both).
    const snapshot = await prodPlanWith(Object.keys(HAND_WRITTEN));
    const byUrn = new Map(snapshot.resources.map((r) => [r.urn, r]));
    const descriptions = new Map(POLICIES.map((p) => [p.name, p.description]));
    const verdicts: Violation[] = [];
    const collect = (diagnostics: analyzer.AnalyzeDiagnostic[]) => {
      for (const d of diagnostics) {
        // The engine shows the policy's description, then the message.
        const message = d.getMessage().replace(`${descriptions.get(d.getPolicyname())}\n`, "");
        verdicts.push({ policy: d.getPolicyname(), enforcementLevel: LEVELS[d.getEnforcementlevel()]!, urn: d.getUrn(), message });
      }
    };
    for (const resource of snapshot.resources) {
      const request = toAnalyzerResource(new analyzer.AnalyzeRequest(), resource, byUrn);
      const response = await call<analyzer.AnalyzeResponse>((done) => client.analyze(request, done));
      collect(response.getDiagnosticsList().map((d) => (d.getUrn() === "" ? (d.setUrn(resource.urn), d) : d)));
    }
    const stack = new analyzer.AnalyzeStackRequest();
    stack.setResourcesList(snapshot.resources.map((r) => toAnalyzerResource(new analyzer.AnalyzerResource(), r, byUrn)));
    collect((await call<analyzer.AnalyzeResponse>((done) => client.analyzeStack(stack, done))).getDiagnosticsList());

    const offline = await checkPolicies(snapshot, POLICIES, config);
    const key = (v: Violation) => `${v.policy} ${v.urn} ${v.message}`;
    expect(verdicts.sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...offline].sort((a, b) => key(a).localeCompare(key(b))));
    expect(offline.map((v) => v.policy)).toEqual(expect.arrayContaining(Object.keys(HAND_WRITTEN)));
  });
});
