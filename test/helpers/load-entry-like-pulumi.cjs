// Runs Pulumi.yaml's `main` the way the Pulumi CLI and its Node.js language host do for a
// TypeScript project: the working directory becomes main's folder (main's file name is the entry),
// the runtime option `tsconfig` is resolved from there (skipped if absent, as Pulumi does), ts-node
// is registered with type checks, then the entry is require()d. Resources go to Pulumi's mocks;
// prints the registered types and the stack outputs as JSON.
const path = require("node:path");
const fs = require("node:fs");
const root = process.argv[2];
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
// Every secret Pulumi.yaml declares, with a stand-in value, as `pulumi config set --secret` would.
const secrets = Object.entries(project.config ?? {})
  .filter(([, spec]) => spec?.secret === true)
  .map(([key]) => `${project.name}:${key}`);
pulumi.runtime.setAllConfig(Object.fromEntries(secrets.map((k) => [k, "stand-in"])), secrets);
const types = [];
pulumi.runtime
  .setMocks({ newResource: (a) => (types.push(a.type), { id: a.name, state: a.inputs }), call: (a) => a.inputs }, "jardin", "prod", true)
  .then(async () => {
    const outputs = await require(path.resolve(entry));
    await pulumi.runtime.disconnect();
    console.log(JSON.stringify({ cwd: path.relative(root, process.cwd()), types: types.sort(), clusters: outputs.clusters, tenants: Object.keys(outputs.tenants) }));
  })
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
