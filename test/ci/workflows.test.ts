import { existsSync, readdirSync, readFileSync } from "node:fs";
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
  "runs-on"?: string;
  permissions?: Record<string, string>;
  environment?: string;
  "timeout-minutes"?: number;
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress": boolean };
  jobs: Record<string, Job>;
}

const read = (file: string) => parse(readFileSync(join(ROOT_DIR, file), "utf8")) as Workflow;
const workflow = (name: string) => read(join(".github/workflows", name));
const runs = (job: Job) => job.steps.flatMap((s) => (s.run === undefined ? [] : [s.run]));
const usesOf = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps.flatMap((s) => (s.uses === undefined ? [] : [s.uses])));
/** Every `secrets.NAME` a job's text names. */
const secretsOf = (job: unknown) => [...JSON.stringify(job).matchAll(/secrets\.(\w+)/g)].map((m) => m[1]!).sort();
const GITHUB_WORKFLOWS = readdirSync(join(ROOT_DIR, ".github/workflows")).sort();
const FORGEJO_WORKFLOWS = readdirSync(join(ROOT_DIR, ".forgejo/workflows")).sort();
const PULUMI_VERSION = readFileSync(join(ROOT_DIR, ".pulumi-version"), "utf8").trim();

describe("the pull-request workflow", () => {
  const pr = workflow("pull-request.yml");

  it("runs on pull_request, never pull_request_target, with a read-only token by default", () => {
    expect(Object.keys(pr.on)).toEqual(["pull_request"]);
    expect(pr.permissions).toEqual({ contents: "read" });
    expect(pr.concurrency).toEqual({ group: "pull-request-${{ github.event.pull_request.number }}", "cancel-in-progress": true });
  });

  it("checks the branch with no secret: install without scripts, validators before the tests that need them, the offline plan", () => {
    const checks = pr.jobs["checks"]!;
    expect(checks.permissions).toBeUndefined();
    expect(checks.environment).toBeUndefined();
    expect(secretsOf(checks)).toEqual([]);
    expect(checks.steps[0]).toEqual({ uses: "actions/checkout@v5.0.0", with: { "fetch-depth": 0, "persist-credentials": false } });
    expect(runs(checks)).toEqual([
      "npm ci --ignore-scripts --no-fund --no-audit",
      expect.stringContaining("apt-get install -y --no-install-recommends shellcheck cloud-init"),
      expect.stringContaining('npm run --silent plan -- --base "origin/$BASE_REF" --format markdown > plan.md'),
      "npm test",
      "npm run validate",
      "exit 1",
    ]);
    // With it, a validator's test fails rather than skips when its tool is missing.
    expect(checks.steps.find((s) => s.run === "npm test")?.env).toEqual({ JARDIN_VALIDATORS_REQUIRED: "1" });
    const plan = checks.steps.find((s) => s.run?.includes("--format markdown"))!;
    expect(plan.env).toEqual({ BASE_REF: "${{ github.base_ref }}" });
    expect(plan.run).toContain('cat plan.md >> "$GITHUB_STEP_SUMMARY"');
    expect(checks.steps.at(-1)?.if).toBe("steps.plan.outputs.status != '0'");
  });

  it("posts the plan as one comment, updated in place, only from the repository's own branches, running none of the branch's code", () => {
    const comment = pr.jobs["comment"]!;
    expect(comment.permissions).toEqual({ "pull-requests": "write" });
    expect(comment.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    expect(runs(comment)).toEqual([]);
    expect(usesOf({ on: {}, jobs: { comment } })).toEqual(["actions/download-artifact@v4.3.0", "marocchino/sticky-pull-request-comment@v2.9.4"]);
    expect(comment.steps.at(-1)).toEqual({
      uses: "marocchino/sticky-pull-request-comment@v2.9.4",
      with: { header: "jardin-plan", path: "plan.md" },
    });
  });

  it("previews prod only once a gardener approves the `preview` environment, with read-only state keys, never for a fork", () => {
    const preview = pr.jobs["preview"]!;
    expect(preview.environment).toBe("preview");
    expect(preview.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
    expect(preview.env).toEqual({
      PULUMI_BACKEND_URL: "${{ secrets.PULUMI_BACKEND_URL }}",
      PULUMI_CONFIG_PASSPHRASE: "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}",
      AWS_ACCESS_KEY_ID: "${{ secrets.STATE_READ_ACCESS_KEY_ID }}",
      AWS_SECRET_ACCESS_KEY: "${{ secrets.STATE_READ_SECRET_ACCESS_KEY }}",
    });
    expect(runs(preview)).toEqual([
      "npm ci --ignore-scripts --no-fund --no-audit",
      expect.stringContaining('npm run --silent plan -- --base "origin/$BASE_REF" --targets'),
    ]);
    expect(preview.steps.at(-1)).toEqual({
      uses: "pulumi/actions@v6.6.1",
      with: {
        command: "preview",
        "stack-name": "prod",
        "pulumi-version-file": ".pulumi-version",
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

  it("applies main to prod behind the protected environment, after the checks, one run at a time, never cancelled", () => {
    expect(apply.on).toEqual({ push: { branches: ["main"] } });
    expect(apply.permissions).toEqual({ contents: "read" });
    expect(apply.concurrency).toEqual({ group: "pulumi-prod", "cancel-in-progress": false });
    const checks = apply.jobs["checks"]!;
    expect(secretsOf(checks)).toEqual([]);
    expect(runs(checks)).toEqual([
      "npm ci --ignore-scripts --no-fund --no-audit",
      expect.stringContaining("apt-get install -y --no-install-recommends shellcheck cloud-init"),
      "npm test",
      "npm run validate",
    ]);
    const job = apply.jobs["apply"]!;
    expect(job.needs).toBe("checks");
    expect(job.environment).toBe("prod");
    // The cluster's API answers adminCidrs only: the applying runner is chosen by a variable.
    expect(job["runs-on"]).toBe("${{ vars.APPLY_RUNNER || 'ubuntu-24.04' }}");
    expect(job.env).toEqual({
      PULUMI_BACKEND_URL: "${{ secrets.PULUMI_BACKEND_URL }}",
      PULUMI_CONFIG_PASSPHRASE: "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}",
      AWS_ACCESS_KEY_ID: "${{ secrets.STATE_ACCESS_KEY_ID }}",
      AWS_SECRET_ACCESS_KEY: "${{ secrets.STATE_SECRET_ACCESS_KEY }}",
    });
    expect(runs(job)).toEqual(["npm ci --ignore-scripts --no-fund --no-audit"]);
    expect(job.steps.at(-1)?.with).toEqual({
      command: "up",
      "stack-name": "prod",
      "pulumi-version-file": ".pulumi-version",
      "cloud-url": "${{ env.PULUMI_BACKEND_URL }}",
      policyPacks: "policies",
      diff: true,
    });
  });
});

describe("the verify workflow", () => {
  const verify = workflow("verify.yml");

  it("checks the live fleet every morning and on demand, with a read-only token, never two at once", () => {
    expect(verify.on).toEqual({ schedule: [{ cron: "17 6 * * *" }], workflow_dispatch: {} });
    expect(verify.permissions).toEqual({ contents: "read" });
    expect(verify.concurrency).toEqual({ group: "verify-prod", "cancel-in-progress": false });
  });

  it("reads the stack's outputs with the read-only state keys, in its environment, from inside adminCidrs, and writes the report as the summary", () => {
    const job = verify.jobs["verify"]!;
    expect(job.environment).toBe("verify");
    expect(job["runs-on"]).toBe("${{ vars.APPLY_RUNNER || 'ubuntu-24.04' }}");
    expect(job.env).toEqual({
      PULUMI_BACKEND_URL: "${{ secrets.PULUMI_BACKEND_URL }}",
      PULUMI_CONFIG_PASSPHRASE: "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}",
      AWS_ACCESS_KEY_ID: "${{ secrets.STATE_READ_ACCESS_KEY_ID }}",
      AWS_SECRET_ACCESS_KEY: "${{ secrets.STATE_READ_SECRET_ACCESS_KEY }}",
    });
    expect(job.steps.find((s) => s.uses?.startsWith("pulumi/actions@"))).toEqual({ uses: "pulumi/actions@v6.6.1", with: { "pulumi-version-file": ".pulumi-version" } });
    expect(runs(job)).toEqual([
      "npm ci --ignore-scripts --no-fund --no-audit",
      'pulumi login "$PULUMI_BACKEND_URL"',
      'npm run --silent verify -- --stack prod --resolver 9.9.9.9 --resolver 149.112.112.112 --summary "$GITHUB_STEP_SUMMARY"',
    ]);
  });
});

describe("secrets in the GitHub workflows", () => {
  const jobs = GITHUB_WORKFLOWS.flatMap((name) => Object.entries(workflow(name).jobs).map(([id, job]) => ({ where: `${name} ${id}`, job })));

  it("are named only by jobs of a protected environment: nothing reads one before a gardener approves", () => {
    const holders = jobs.filter(({ job }) => secretsOf(job).length > 0);
    expect(holders.map((h) => h.where)).toEqual(["apply.yml apply", "pull-request.yml preview", "verify.yml verify"]);
    for (const { job } of holders) expect(["prod", "preview", "verify"]).toContain(job.environment);
  });

  it("keep the read-write state keys in the apply environment alone", () => {
    const writers = jobs.filter(({ job }) => secretsOf(job).some((s) => s === "STATE_ACCESS_KEY_ID" || s === "STATE_SECRET_ACCESS_KEY"));
    expect(writers.map((w) => [w.where, w.job.environment])).toEqual([["apply.yml apply", "prod"]]);
  });

  it("never meet a dependency's install script: every npm ci ignores scripts", () => {
    const installs = jobs.flatMap(({ job }) => runs(job).filter((r) => r.includes("npm ci") || r.includes("npm install")));
    expect(installs.length).toBeGreaterThan(0);
    for (const install of installs) expect(install).toContain("--ignore-scripts");
  });
});

describe("every GitHub workflow", () => {
  it.each(GITHUB_WORKFLOWS)("%s pins every action to an exact version and bounds every job's time", (name) => {
    const w = workflow(name);
    for (const action of usesOf(w)) expect(action).toMatch(/^[\w.-]+\/[\w.-]+@v\d+\.\d+\.\d+$/);
    for (const job of Object.values(w.jobs)) expect(job["timeout-minutes"]).toBeGreaterThan(0);
  });
});

describe("the Forgejo workflows", () => {
  const forgejo = FORGEJO_WORKFLOWS.map((name) => ({ name, text: readFileSync(join(ROOT_DIR, ".forgejo/workflows", name), "utf8"), w: read(join(".forgejo/workflows", name)) }));

  it("exist, so Forgejo reads them and never runs the GitHub ones (whose approval and concurrency it would ignore)", () => {
    expect(existsSync(join(ROOT_DIR, ".forgejo/workflows"))).toBe(true);
    expect(FORGEJO_WORKFLOWS).toEqual(["pull-request.yml"]);
  });

  it.each(FORGEJO_WORKFLOWS)("%s holds no secret, and nothing Forgejo would silently ignore", (name) => {
    const { text, w } = forgejo.find((f) => f.name === name)!;
    // Forgejo gives a repository's secrets to every branch's workflows and has no approval step.
    expect(text).not.toMatch(/secrets\./);
    expect(w.concurrency).toBeUndefined();
    for (const job of Object.values(w.jobs)) {
      expect(job.environment).toBeUndefined();
      expect(job["timeout-minutes"]).toBeGreaterThan(0);
    }
  });

  it.each(FORGEJO_WORKFLOWS)("%s names its actions by full URL at an exact node20 version, none that Forgejo cannot fetch", (name) => {
    const { w } = forgejo.find((f) => f.name === name)!;
    const actions = usesOf(w);
    expect(actions).toEqual(["https://github.com/actions/checkout@v4.3.1", "https://github.com/actions/setup-node@v4.4.0"]);
    for (const action of actions) expect(action).toMatch(/^https:\/\/[\w.-]+\/[\w.-]+\/[\w.-]+@v\d+\.\d+\.\d+$/);
  });

  it("checks a pull request as GitHub does: no install script, validators before the tests, the offline plan", () => {
    const checks = forgejo[0]!.w.jobs["checks"]!;
    expect(runs(checks)).toEqual([
      "npm ci --ignore-scripts --no-fund --no-audit",
      expect.stringContaining("apt-get install -y --no-install-recommends shellcheck cloud-init"),
      "npm test",
      "npm run validate",
      'npm run --silent plan -- --base "origin/$BASE_REF"',
    ]);
    expect(checks.steps.find((s) => s.run === "npm test")?.env).toEqual({ JARDIN_VALIDATORS_REQUIRED: "1" });
  });
});

describe("the Pulumi CLI version", () => {
  it("is the @pulumi/pulumi SDK's, in the one file every forge reads", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT_DIR, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(PULUMI_VERSION).toBe(pkg.dependencies["@pulumi/pulumi"]);
  });
});

describe("the GitLab pipeline", () => {
  type GitlabJob = { script?: string[]; before_script?: string[]; rules?: unknown[]; variables?: Record<string, string>; environment?: unknown; [key: string]: unknown };
  const gitlab = parse(readFileSync(join(ROOT_DIR, ".gitlab-ci.yml"), "utf8")) as Record<string, GitlabJob> & { default: GitlabJob };
  const variablesNamed = (job: GitlabJob) => JSON.stringify(job.variables ?? {});

  it("installs without scripts, and the validators before the tests that need them", () => {
    expect(gitlab.default.before_script).toEqual(["npm ci --ignore-scripts --no-fund --no-audit"]);
    expect(gitlab["stages"]).toEqual(["test", "plan", "preview", "apply", "verify"]);
    expect(gitlab["test"]!.script).toEqual([expect.stringContaining("apt-get install -y --no-install-recommends shellcheck cloud-init"), "npm test", "npm run validate"]);
    expect(gitlab["test"]!.variables).toEqual({ JARDIN_VALIDATORS_REQUIRED: "1" });
  });

  it("runs the plan on merge requests against their target branch, with no state secret", () => {
    expect(gitlab["plan"]!.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
    expect(gitlab["plan"]!.script!.join("\n")).toContain('npm run --silent plan -- --base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" --format markdown > plan.md');
    expect(gitlab["plan"]!.environment).toBeUndefined();
    expect(variablesNamed(gitlab["plan"]!)).not.toMatch(/STATE_|PASSPHRASE/);
  });

  it("previews only when a gardener starts it, in the protected `preview` environment, with read-only state keys, never for a fork", () => {
    const preview = gitlab["preview"]!;
    // A rule on a protected variable would never match: merge-request pipelines of ordinary branches never get one.
    expect(preview.rules).toEqual([
      { if: "$CI_PIPELINE_SOURCE == \"merge_request_event\" && $CI_MERGE_REQUEST_SOURCE_PROJECT_ID == $CI_PROJECT_ID", when: "manual", allow_failure: true },
    ]);
    expect(preview.environment).toEqual({ name: "preview" });
    expect(preview.variables).toEqual({ GIT_DEPTH: 0, AWS_ACCESS_KEY_ID: "$STATE_READ_ACCESS_KEY_ID", AWS_SECRET_ACCESS_KEY: "$STATE_READ_SECRET_ACCESS_KEY" });
    expect(preview.before_script).toEqual([
      "npm ci --ignore-scripts --no-fund --no-audit",
      'curl -fsSL https://get.pulumi.com | sh -s -- --version "$(cat .pulumi-version)"',
      'export PATH="$HOME/.pulumi/bin:$PATH"',
      'pulumi login "$PULUMI_BACKEND_URL"',
    ]);
    expect(preview.script!.join("\n")).toContain("pulumi preview --stack prod --diff --policy-pack policies $args");
  });

  it("applies main by hand in the protected `prod` environment, the only job with the read-write state keys, one at a time", () => {
    expect(gitlab["apply"]).toMatchObject({
      rules: [{ if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH", when: "manual" }],
      environment: { name: "prod", deployment_tier: "production" },
      resource_group: "pulumi-prod",
      interruptible: false,
      variables: { AWS_ACCESS_KEY_ID: "$STATE_ACCESS_KEY_ID", AWS_SECRET_ACCESS_KEY: "$STATE_SECRET_ACCESS_KEY" },
      script: ["pulumi up --yes --stack prod --policy-pack policies --diff"],
    });
    expect(gitlab["verify"]).toMatchObject({
      rules: [{ if: '$CI_PIPELINE_SOURCE == "schedule" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' }],
      environment: { name: "verify" },
      variables: { AWS_ACCESS_KEY_ID: "$STATE_READ_ACCESS_KEY_ID", AWS_SECRET_ACCESS_KEY: "$STATE_READ_SECRET_ACCESS_KEY" },
      script: ["npm run --silent verify -- --stack prod --resolver 9.9.9.9 --resolver 149.112.112.112 --summary verify.md"],
      artifacts: { when: "always", paths: ["verify.md"], expire_in: "1 month" },
    });
    const writers = Object.entries(gitlab).filter(([, job]) => typeof job === "object" && job !== null && /\$STATE_ACCESS_KEY_ID|\$STATE_SECRET_ACCESS_KEY/.test(variablesNamed(job as GitlabJob)));
    expect(writers.map(([name]) => name)).toEqual(["apply"]);
  });
});

describe("the prod stack file", () => {
  it("holds every secret it sets encrypted, never in clear", () => {
    const project = parse(readFileSync(join(ROOT_DIR, "Pulumi.yaml"), "utf8")) as { config: Record<string, { secret?: boolean }> };
    const stack = (parse(readFileSync(join(ROOT_DIR, "Pulumi.prod.yaml"), "utf8")) as { config?: Record<string, unknown> }).config ?? {};
    const secrets = Object.entries(project.config).filter(([, d]) => d.secret === true).map(([key]) => `jardin:${key}`);
    expect(secrets.length).toBeGreaterThan(0);
    for (const key of secrets.filter((k) => k in stack)) expect(Object.keys(stack[key] as object)).toEqual(["secure"]);
  });
});
