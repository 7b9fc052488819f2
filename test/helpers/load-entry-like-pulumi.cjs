// Runs Pulumi.yaml's `main` the way the Pulumi CLI and its Node.js language host do for a
// TypeScript project: the working directory becomes main's folder (main's file name is the entry),
// the runtime option `tsconfig` is resolved from there (skipped if absent, as Pulumi does), ts-node
// is registered with type checks, then the entry is require()d. Resources go to Pulumi's mocks;
// prints the registered types and the stack outputs as JSON.
// With a second argument, a folder of tenant files, then runs the same program on those files in the
// same process (same ts-node, its type checks already warm) and prints, as `brokenTenants`, the
// message it fails with: how `pulumi up` tells a tenant file that does not compile.
const path = require("node:path");
const fs = require("node:fs");
const root = process.argv[2];
const brokenTenantsDir = process.argv[3];
const project = require(path.join(root, "node_modules/yaml")).parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8"));

const main = path.join(root, project.main ?? ".");
const isDirectory = fs.statSync(main).isDirectory();
const pwd = isDirectory ? main : path.dirname(main);
const entry = isDirectory ? "." : path.basename(main);
process.chdir(pwd);

const tsconfig = path.resolve(project.runtime?.options?.tsconfig ?? "tsconfig.json");
require(path.join(root, "node_modules/ts-node")).register({
  project: tsconfig,
  skipProject: !fs.existsSync(tsconfig),
  compilerOptions: {},
});

const pulumi = require(path.join(root, "node_modules/@pulumi/pulumi"));
// Every secret Pulumi.yaml declares gets a stand-in, as a stack with its secrets set would.
const secrets = Object.entries(project.config ?? {}).filter(([, d]) => d.secret === true).map(([key]) => `${project.name}:${key}`);
pulumi.runtime.setAllConfig(Object.fromEntries(secrets.map((k) => [k, "kubeconfig"])), secrets);
const types = [];
pulumi.runtime
  .setMocks({ newResource: (a) => (types.push(a.type), { id: a.name, state: a.inputs }), call: (a) => a.inputs }, "jardin", "prod", true)
  .then(async () => {
    const outputs = await require(path.resolve(entry));
    await pulumi.runtime.disconnect();
    const result = { cwd: path.relative(root, process.cwd()), types: types.sort(), clusters: outputs.clusters, tenants: Object.keys(outputs.tenants) };
    if (brokenTenantsDir !== undefined) result.brokenTenants = await failureOn(brokenTenantsDir);
    console.log(JSON.stringify(result));
  })
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });

/** The message the program fails with on these tenant files, before it registers anything. */
async function failureOn(tenantsDir) {
  await pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: (a) => a.inputs }, "jardin", "prod", true);
  const { buildStack } = require(path.join(root, "stacks", "program"));
  try {
    await buildStack({ tenantsDir });
  } catch (error) {
    return error.message;
  } finally {
    await pulumi.runtime.disconnect();
  }
  throw new Error(`the program built the stack with the tenant files of ${tenantsDir}`);
}
