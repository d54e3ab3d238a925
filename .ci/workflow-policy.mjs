// Policy for .github/workflows/*.yml beyond the schema: least-privilege permissions (top level
// `contents: read` only, every write granted per job), a concurrency group, every action pinned
// to a version tag or commit (never a branch), and the stages the pipeline promises.
// Usage: node .ci/workflow-policy.mjs   Prints one line per problem; exits 1 on any.
import { readFileSync, readdirSync } from "node:fs";
import { parse } from "yaml";

const dir = ".github/workflows";
const problems = [];
const texts = {};
for (const name of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
  const file = `${dir}/${name}`;
  const text = (texts[name] = readFileSync(file, "utf8"));
  const wf = parse(text);
  const bad = (msg) => problems.push(`${file}: ${msg}`);
  const top = wf.permissions;
  if (!top || typeof top !== "object" || Object.keys(top).join() !== "contents" || top.contents !== "read") {
    bad("top-level permissions must be exactly { contents: read }");
  }
  if (!wf.concurrency?.group) bad("no concurrency group");
  for (const [id, job] of Object.entries(wf.jobs ?? {})) {
    if (!job["timeout-minutes"]) bad(`job ${id}: no timeout-minutes`);
    for (const [scope, level] of Object.entries(job.permissions ?? {})) {
      if (level === "write" && !/^(packages|id-token|security-events|attestations)$/.test(scope)) {
        bad(`job ${id}: ${scope}: write is not expected here`);
      }
    }
    for (const step of job.steps ?? []) {
      if (!step.uses || step.uses.startsWith("./") || step.uses.startsWith("docker://")) continue;
      const ref = step.uses.split("@")[1] ?? "";
      if (!/^(v\d+(\.\d+){0,2}|\d+\.\d+\.\d+|[0-9a-f]{40})$/.test(ref)) bad(`job ${id}: ${step.uses} is not pinned to a version`);
    }
  }
}
const need = {
  "ci.yml": [
    ["Maven verify", /\.\/mvnw -B[^\n]* verify/], ["setup-java with temurin 21 and the Maven cache", /distribution: temurin[\s\S]*java-version: "21"[\s\S]*cache: maven/],
    ["BuildKit image builds with the GHA cache", /docker\/build-push-action@[\s\S]*cache-to: type=gha/],
    ["compose smoke test", /infra\/scripts\/smoke\.sh/], ["manifest validation", /\.ci\/validate\.sh/], ["Trivy gate on fixable CRITICAL/HIGH", /trivy-action@[\s\S]*ignore-unfixed: true[\s\S]*severity: CRITICAL,HIGH[\s\S]*exit-code: "1"/],
    ["SARIF upload", /codeql-action\/upload-sarif@/], ["CycloneDX SBOMs as artifacts", /sbom-maven[\s\S]*format: cyclonedx-json[\s\S]*upload-artifact@/],
    ["GHCR login with the workflow token", /registry: ghcr\.io[\s\S]*secrets\.GITHUB_TOKEN/], ["sha-<short> tags", /type=sha,prefix=sha-,format=short/],
    ["semver tags", /type=semver/], ["cosign keyless signature", /cosign sign --yes/], ["SBOM attestation", /cosign attest --yes --type cyclonedx/],
  ],
  "images.yml": [
    ["weekly schedule", /schedule:\s*\n\s*- cron: "[^"]+ \* \* \d"/], ["runs on image-file changes", /pull_request:\s*\n\s*paths:[\s\S]*Dockerfile/],
    ["pulls every image .ci/image-refs.py lists", /\.ci\/image-refs\.py[\s\S]*docker pull/], ["names what did not pull", /::error[^\n]*::\$ref/],
  ],
  "deploy.yml": [
    ["manual dispatch", /workflow_dispatch:/], ["protected environment", /environment:\s*\n\s*name: production/],
    ["SSH secrets", /secrets\.DEPLOY_SSH_KEY[\s\S]*secrets\.DEPLOY_KNOWN_HOSTS/], ["compose pull and up", /remote\.sh/],
  ],
};
for (const [name, checks] of Object.entries(need)) {
  if (!(name in texts)) { problems.push(`${dir}/${name}: missing`); continue; }
  for (const [what, re] of checks) if (!re.test(texts[name])) problems.push(`${dir}/${name}: no ${what}`);
}
for (const p of problems) console.log(p);
process.exit(problems.length ? 1 : 0);
