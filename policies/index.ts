// The policy pack, for `pulumi preview --policy-pack policies`. Constructing a PolicyPack starts
// its gRPC server, so nothing but this file may import it; tests and the plan use ./all.
import { PolicyPack } from "@pulumi/policy";
import { POLICIES } from "./all";

new PolicyPack("jardin", {
  description: "What must never happen to the collective's infrastructure.",
  enforcementLevel: "mandatory",
  policies: [...POLICIES],
});
