// The policy pack, for `pulumi preview --policy-pack policies`. Constructing a PolicyPack starts
// its gRPC server, so nothing but this file may import it; tests and the plan use ./all.
import { PolicyPack } from "@pulumi/policy";
import { POLICIES } from "./all";
import { DEFAULT_ENFORCEMENT_LEVEL, initialConfigOf, loadPackConfig } from "./config";

// config.json is the pack's initial config: the plan reads the same file, so both agree;
// `--policy-pack-config` still overrides it for one run.
new PolicyPack(
  "jardin",
  {
    description: "What must never happen to the collective's infrastructure.",
    enforcementLevel: DEFAULT_ENFORCEMENT_LEVEL,
    policies: [...POLICIES],
  },
  initialConfigOf(POLICIES, loadPackConfig()),
);
