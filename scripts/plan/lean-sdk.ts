// What the Pulumi SDK does for an engine in another process, or for a person debugging one, that a
// run under in-process mocks has no use for. Switched off for the run, restored after it.
//
// At a thousand tenants (over 100,000 resources) these were most of the plan's time and garbage:
// - a stack trace captured for every promise and every resource (source positions for the engine);
// - every registration's inputs encoded into protobuf Struct messages, for a monitor that lives in
//   this process and reads them straight back to JavaScript;
// - every promise of every output tracked in a set, to list the ones still pending at exit.
// Each is replaced by what it amounts to in process; what could be lost is kept (see each).
import { dirname } from "node:path";
import * as pulumi from "@pulumi/pulumi";

interface Patch {
  readonly target: Record<string, unknown>;
  readonly key: string;
  readonly value: unknown;
}

/** A module as the SDK itself resolves it (the same instance), so what is replaced is what it uses. */
function sdkModule<T>(id: string): T {
  return require(require.resolve(id, { paths: [dirname(require.resolve("@pulumi/pulumi"))] })) as T;
}

type StructClass = (new () => InProcessStruct) & { fromJavaScript: unknown };

let structClass: StructClass | undefined;

/** The Struct class the SDK uses, resolved once. */
const sdkStruct = () => (structClass ??= sdkModule<{ Struct: StructClass }>("google-protobuf/google/protobuf/struct_pb").Struct);

/** What the SDK and the mock monitor read of a Struct: its JavaScript form, and nothing else. */
interface InProcessStruct {
  toJavaScript(): Record<string, unknown>;
}

/**
 * A Struct that holds its object instead of encoding it: a real, empty Struct (requests accept no
 * other) whose toJavaScript answers the object. Never encoded: the monitor is in this process.
 */
export function inProcessStruct(object: Record<string, unknown>, Struct: StructClass = sdkStruct()): InProcessStruct {
  const struct = new Struct();
  struct.toJavaScript = () => object;
  return struct;
}

/**
 * Refuses, as Struct.fromJavaScript does, what protobuf cannot carry (undefined, functions, symbols,
 * bigints), so a program the engine would reject is rejected here too.
 */
function checkEncodable(value: unknown): void {
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
      return;
    case "object":
      if (value === null) return;
      if (Array.isArray(value)) value.forEach(checkEncodable);
      else for (const key in value) checkEncodable((value as Record<string, unknown>)[key]);
      return;
    default:
      throw new Error("Unexpected struct type.");
  }
}

function leanPatches(): Patch[] {
  const Struct = sdkStruct();
  const debuggable = sdkModule<Record<string, unknown>>("@pulumi/pulumi/runtime/debuggable");
  return [
    // The SDK asks for the source position of every resource, through the source maps.
    { target: pulumi.Resource as unknown as Record<string, unknown>, key: "callsites", value: () => [] },
    {
      target: Struct as unknown as Record<string, unknown>,
      key: "fromJavaScript",
      value: (object: Record<string, unknown>) => {
        checkEncodable(object);
        return inProcessStruct(object, Struct);
      },
    },
    // Leak bookkeeping: a promise that never settles is caught by runUnderMocks instead (the program
    // or the engine never finishing is reported, with what to look for).
    { target: debuggable, key: "debuggablePromise", value: <T>(promise: Promise<T>) => promise },
  ];
}

/** Runs `body` with the SDK's remote-engine and debugging work switched off. */
export async function withLeanSdk<T>(body: () => Promise<T>): Promise<T> {
  const patches = leanPatches();
  const saved = patches.map(({ target, key }) => target[key]);
  const stackTraceLimit = Error.stackTraceLimit;
  // Registrations go on after the program returns, until disconnect: keep them cheap until then.
  Error.stackTraceLimit = 0;
  for (const { target, key, value } of patches) target[key] = value;
  try {
    return await body();
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    patches.forEach(({ target, key }, i) => (target[key] = saved[i]));
  }
}
