import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT_DIR } from "../helpers/declarations";

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string;
  if?: string;
  permissions?: Record<string, string>;
  environment?: string;
  "timeout-minutes"?: number;
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency: { group: string; "cancel-in-progress": boolean };
  jobs: Record<string, Job>;
}

const workflow = (name: string) => parse(readFileSync(join(ROOT_DIR, ".github/workflows", name), "utf8")) as Workflow;
const runs = (job: Job) => job.steps.flatMap((s) => (s.run === undefined ? [] : [s.run]));
const uses = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps.flatMap((s) => (s.uses === undefined ? [] : [s.uses])));

describe("the pull-request workflow", () => {
  const pr = workflow("pull-request.yml");

  it("runs on pull_request, never pull_request_target, with a read-only token by default", () => {
    expect(Object.keys(pr.on)).toEqual(["pull_request"]);
    expect(pr.permissions).toEqual({ contents: "read" });
    expect(pr.concurrency).toEqual({ group: "pull-request-${{ github.event.pull_request.number }}", "cancel-in-progress": true });
  });

  it("runs npm ci, the tests, the validators and the offline plan against the target branch, with its history", () => {
    const checks = pr.jobs["checks"]!;
    expect(checks.permissions).toBeUndefined();
    expect(checks.steps[0]).toEqual({ uses: "actions/checkout@v5.0.0", with: { "fetch-depth": 0 } });
    expect(runs(checks)).toEqual([
      "npm ci --no-fund --no-audit",
      expect.stringContaining('npm run --silent plan -- --base "origin/$BASE_REF" --format markdown > plan.md'),
      "npm test",
      expect.stringContaining("apt-get install"),
      "npm run validate",
      "exit 1",
    ]);
    const plan = checks.steps.find((s) => s.run?.includes("--format markdown"))!;
    expect(plan.env).toEqual({ BASE_REF: "${{ github.base_ref }}" });
    expect(plan.run).toContain('cat plan.md >> "$GITHUB_STEP_SUMMARY"');
    expect(checks.steps.at(-1)?.if).toBe("steps.plan.outputs.status != '0'");
  });

  it("posts the plan as one comment, updated in place, only from the repository's own branches", () => {
    const comment = pr.jobs["comment"]!;
    expect(comment.permissions).toEqual({ "pull-requests": "write" });
    expect(comment.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    expect(comment.steps.at(-1)).toEqual({
      uses: "marocchino/sticky-pull-request-comment@v2.9.4",
      with: { header: "jardin-plan", path: "plan.md" },
    });
  });

  it("previews prod with the policy pack only where credentials exist, targeted by the offline diff", () => {
    const preview = pr.jobs["preview"]!;
    expect(preview.env?.["PULUMI_BACKEND_URL"]).toBe("${{ secrets.PULUMI_BACKEND_URL }}");
    for (const step of preview.steps) expect(step.if).toBe("env.PULUMI_BACKEND_URL != ''");
    expect(runs(preview).join("\n")).toContain('npm run --silent plan -- --base "origin/$BASE_REF" --targets');
    expect(preview.steps.at(-1)).toEqual({
      uses: "pulumi/actions@v6.6.1",
      if: "env.PULUMI_BACKEND_URL != ''",
      with: {
        command: "preview",
        "stack-name": "prod",
        "cloud-url": "${{ env.PULUMI_BACKEND_URL }}",
        diff: true,
        policyPacks: "policies",
        target: "${{ steps.targets.outputs.urns }}",
        "target-dependents": "${{ steps.targets.outputs.urns != '' }}",
        "comment-on-pr": true,
        "edit-pr-comment": true,
      },
    });
  });
});

describe("the apply workflow", () => {
  const apply = workflow("apply.yml");

  it("applies main to prod behind the protected environment, one run at a time, never cancelled", () => {
    expect(apply.on).toEqual({ push: { branches: ["main"] } });
    expect(apply.permissions).toEqual({ contents: "read" });
    expect(apply.concurrency).toEqual({ group: "pulumi-prod", "cancel-in-progress": false });
    const job = apply.jobs["apply"]!;
    expect(job.environment).toBe("prod");
    // The cluster's API answers adminCidrs only: the applying runner is chosen by a variable.
    expect((job as { "runs-on"?: unknown })["runs-on"]).toBe("${{ vars.APPLY_RUNNER || 'ubuntu-24.04' }}");
    expect(job.env).toEqual({
      PULUMI_BACKEND_URL: "${{ secrets.PULUMI_BACKEND_URL }}",
      PULUMI_CONFIG_PASSPHRASE: "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}",
      AWS_ACCESS_KEY_ID: "${{ secrets.STATE_ACCESS_KEY_ID }}",
      AWS_SECRET_ACCESS_KEY: "${{ secrets.STATE_SECRET_ACCESS_KEY }}",
    });
    expect(runs(job)).toEqual(["npm ci --no-fund --no-audit", "npm test"]);
    expect(job.steps.at(-1)?.with).toMatchObject({ command: "up", "stack-name": "prod", policyPacks: "policies" });
  });
});

describe("every workflow", () => {
  it.each(["pull-request.yml", "apply.yml"])("%s pins every action to an exact version and bounds every job's time", (name) => {
    const w = workflow(name);
    for (const action of uses(w)) expect(action).toMatch(/^[\w.-]+\/[\w.-]+@v\d+\.\d+\.\d+$/);
    for (const job of Object.values(w.jobs)) expect(job["timeout-minutes"]).toBeGreaterThan(0);
  });
});

describe("the GitLab pipeline", () => {
  const gitlab = parse(readFileSync(join(ROOT_DIR, ".gitlab-ci.yml"), "utf8")) as Record<string, Record<string, unknown>>;

  it("runs the same npm scripts, the plan on merge requests against their target branch", () => {
    expect(gitlab["stages"]).toEqual(["test", "plan", "preview", "apply"]);
    expect(gitlab["test"]!["script"]).toEqual(["npm test", expect.stringContaining("apt-get install"), "npm run validate"]);
    expect(gitlab["plan"]!["rules"]).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
    expect((gitlab["plan"]!["script"] as string[]).join("\n")).toContain(
      'npm run --silent plan -- --base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" --format markdown > plan.md',
    );
  });

  it("previews only with credentials, applies main by hand in a protected environment, one at a time", () => {
    expect(gitlab["preview"]!["rules"]).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event" && $PULUMI_BACKEND_URL' }]);
    expect((gitlab["preview"]!["script"] as string[]).join("\n")).toContain("pulumi preview --stack prod --diff --policy-pack policies $args");
    expect(gitlab["apply"]).toMatchObject({
      rules: [{ if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH", when: "manual" }],
      environment: { name: "prod", deployment_tier: "production" },
      resource_group: "pulumi-prod",
      interruptible: false,
      script: ["npm test", "pulumi up --yes --stack prod --policy-pack policies --diff"],
    });
  });
});
