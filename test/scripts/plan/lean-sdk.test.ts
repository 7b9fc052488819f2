import { dirname } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { withLeanSdk } from "../../../scripts/plan/lean-sdk";

// The SDK's own copies, as lean-sdk finds them.
const fromSdk = <T>(id: string) => require(require.resolve(id, { paths: [dirname(require.resolve("@pulumi/pulumi"))] })) as T;
const { Struct } = fromSdk<{ Struct: { fromJavaScript(o: unknown): { toJavaScript(): unknown } } }>("google-protobuf/google/protobuf/struct_pb");
const debuggable = fromSdk<{ debuggablePromise: unknown }>("@pulumi/pulumi/runtime/debuggable");

describe("the SDK without its remote-engine work", () => {
  it("hands back what a Struct would carry, without encoding it", async () => {
    const object = { name: "les-semeurs", replicas: 2, enabled: true, none: null, list: [1, "two", { three: 3 }] };
    const encoded = Struct.fromJavaScript(object).toJavaScript();
    await withLeanSdk(async () => {
      expect(Struct.fromJavaScript(object).toJavaScript()).toEqual(encoded);
    });
  });

  it.each([
    ["undefined", { value: undefined }],
    ["a function", { value: () => 1 }],
    ["a bigint", { nested: [{ value: 1n }] }],
  ])("refuses %s as protobuf does", async (_, object) => {
    expect(() => Struct.fromJavaScript(object)).toThrow("Unexpected struct type.");
    await withLeanSdk(async () => {
      expect(() => Struct.fromJavaScript(object)).toThrow("Unexpected struct type.");
    });
  });

  it("puts everything back afterwards, even when the run fails", async () => {
    const saved = [Struct.fromJavaScript, debuggable.debuggablePromise, (pulumi.Resource as unknown as { callsites: unknown }).callsites, Error.stackTraceLimit];
    await expect(withLeanSdk(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect([Struct.fromJavaScript, debuggable.debuggablePromise, (pulumi.Resource as unknown as { callsites: unknown }).callsites, Error.stackTraceLimit]).toEqual(saved);
  });
});
