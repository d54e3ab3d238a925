// Checks .github/dependabot.yml: version 2, known ecosystems and intervals, and that every
// directory it names exists and holds that ecosystem's manifest (a schema cannot see the tree).
// Usage: node .ci/dependabot-check.mjs [path]   Prints one line per problem; exits 1 on any.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

const file = process.argv[2] ?? ".github/dependabot.yml";
const manifests = {
  maven: (d) => existsSync(join(d, "pom.xml")),
  docker: (d) => existsSync(d) && readdirSync(d).some((f) => /^Dockerfile/.test(f)),
  "github-actions": (d) => existsSync(join(d, ".github", "workflows")),
  npm: (d) => existsSync(join(d, "package.json")),
};
const intervals = new Set(["daily", "weekly", "monthly", "quarterly", "semiannually", "yearly", "cron"]);
const problems = [];
const config = parse(readFileSync(file, "utf8"));

if (config?.version !== 2) problems.push("version must be 2");
if (!Array.isArray(config?.updates) || config.updates.length === 0) problems.push("no updates");
for (const [i, u] of (config?.updates ?? []).entries()) {
  const where = `updates[${i}] (${u["package-ecosystem"]})`;
  const has = manifests[u["package-ecosystem"]];
  if (!has) problems.push(`${where}: unknown or unchecked package-ecosystem`);
  if (("directory" in u) === ("directories" in u)) problems.push(`${where}: exactly one of directory, directories`);
  for (const dir of u.directories ?? [u.directory]) {
    if (typeof dir !== "string" || !dir.startsWith("/")) problems.push(`${where}: directory ${dir} must start with /`);
    else if (has && !has(join(".", dir))) problems.push(`${where}: ${dir} has no ${u["package-ecosystem"]} manifest`);
  }
  if (!intervals.has(u.schedule?.interval)) problems.push(`${where}: schedule.interval ${u.schedule?.interval}`);
  for (const [name, g] of Object.entries(u.groups ?? {})) {
    if (!Array.isArray(g.patterns) || g.patterns.length === 0) problems.push(`${where}: group ${name} has no patterns`);
  }
}
const covered = new Set((config?.updates ?? []).map((u) => u["package-ecosystem"]));
for (const required of ["maven", "docker", "github-actions"]) {
  if (!covered.has(required)) problems.push(`${required} is not covered`);
}
// every folder with a Dockerfile is watched by the docker ecosystem
const dockerDirs = new Set((config?.updates ?? []).filter((u) => u["package-ecosystem"] === "docker")
  .flatMap((u) => u.directories ?? [u.directory]));
const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? (/^(\.git|node_modules|target)$/.test(e.name) ? [] : walk(join(dir, e.name)))
    : e.name === "Dockerfile" ? [dir] : []);
for (const dir of walk(".")) {
  const abs = "/" + dir.replace(/^\.\/?/, "");
  if (!dockerDirs.has(abs === "/" ? "/" : abs)) problems.push(`docker: ${abs} has a Dockerfile but is not listed`);
}
for (const p of problems) console.log(`${file}: ${p}`);
process.exit(problems.length ? 1 : 0);
