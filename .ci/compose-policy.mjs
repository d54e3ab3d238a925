// Hardening of the compose stack, checked on `docker-compose config` (the file as compose reads it,
// profiles included) instead of on running containers: what smoke.sh still checks at run time is
// only what needs one (effective capabilities, the uid a process runs as, a write that fails, memory
// used, restarts). Usage: node .ci/compose-policy.mjs CONFIG.yml [--selftest]
// Prints one line per rule and service that fails; with --selftest, breaks each rule once on a copy
// and fails unless the break is caught. Exits non-zero on any failure.
import { readFileSync } from "node:fs";
import { parse } from "yaml";

const READ_ONLY = new Set(["proxy", "gateway", "worker", "janitor", "postgres"]);
// third-party images whose user the compose file names; ours set a numeric USER in their Dockerfile
const USER = { postgres: "postgres", rabbitmq: "rabbitmq" };
const DOCKERFILE_USER = /^USER\s+([0-9]+)(:[0-9]+)?\s*$/m;
const PUBLISHED = { proxy: ["8080"], registry: ["5000"] }; // registry: its own profile, for CI's round trip
const NETWORKS = { proxy: ["frontend-net"], gateway: ["backend-net", "frontend-net"], registry: [] };
const ONE_SHOT = new Set(["janitor"]);
const WORKER_MEMORY = "128m"; // the worker is sized and tested for 128 MiB

const RULES = {
  "image pinned (a tag, not latest)": (s) => /:[^/:]+$/.test(s.image ?? "") && !/:latest$/.test(s.image),
  "no container engine socket mounted": (s) => !(s.volumes ?? []).some((v) => /(docker|podman)\.sock/.test(JSON.stringify(v))),
  "not privileged": (s) => s.privileged !== true,
  "no-new-privileges": (s) => (s.security_opt ?? []).includes("no-new-privileges:true"),
  "cap_drop ALL": (s) => (s.cap_drop ?? []).includes("ALL"),
  "no capability added": (s) => (s.cap_add ?? []).length === 0,
  "memory limit": (s) => s.mem_limit != null && s.memswap_limit === s.mem_limit,
  "pids limit": (s) => Number(s.pids_limit) > 0,
  "read-only root filesystem": (s, name) => !READ_ONLY.has(name) || s.read_only === true,
  "runs as a non-root user": (s, name) => USER[name] ? s.user === USER[name]
    : !s.build || Number(DOCKERFILE_USER.exec(readFileSync(`${s.build.context}/${s.build.dockerfile}`, "utf8"))?.[1]) > 0,
  // compose 1.29 writes "127.0.0.1:80:8080/tcp", Compose v2 {host_ip, published, target}
  "publishes only its own port, on 127.0.0.1": (s, name) => {
    const ports = (s.ports ?? []).map((p) => String(typeof p === "object" ? p.target : p.split(":").at(-1)).split("/")[0]);
    return JSON.stringify(ports) === JSON.stringify(PUBLISHED[name] ?? [])
      && (s.ports ?? []).every((p) => (typeof p === "object" ? p.host_ip : p.split(":")[0]) === "127.0.0.1");
  },
  "networks: the proxy on the front only, the stores on the internal back only": (s, name) =>
    JSON.stringify(Object.keys(s.networks ?? {}).sort()) === JSON.stringify(NETWORKS[name] ?? ["backend-net"]),
  "restart policy (one-shot services: no)": (s, name) => ONE_SHOT.has(name) ? s.restart === "no" : s.restart === "unless-stopped",
  "worker memory limit is 128 MiB": (s, name) => name !== "worker" || s.mem_limit === WORKER_MEMORY,
  "MinIO's web console off": (s, name) => name !== "minio" || s.environment?.MINIO_BROWSER === "off",
};
const STACK_RULES = {
  "backend-net is internal": (c) => c.networks?.["backend-net"]?.internal === true,
};

export function check(config) {
  const failures = [];
  for (const [rule, ok] of Object.entries(STACK_RULES)) if (!ok(config)) failures.push(rule);
  for (const [name, service] of Object.entries(config.services ?? {})) {
    for (const [rule, ok] of Object.entries(RULES)) if (!ok(service, name)) failures.push(`${name}: ${rule}`);
  }
  return failures;
}

// Each rule broken once, on the service it is about: the policy must say so.
const BREAKS = {
  "image pinned (a tag, not latest)": ["rabbitmq", (s) => { s.image = "rabbitmq:latest"; }],
  "no container engine socket mounted": ["gateway", (s) => { s.volumes = ["/var/run/docker.sock:/var/run/docker.sock"]; }],
  "not privileged": ["worker", (s) => { s.privileged = true; }],
  "no-new-privileges": ["proxy", (s) => { s.security_opt = []; }],
  "cap_drop ALL": ["minio", (s) => { s.cap_drop = ["NET_RAW"]; }],
  "no capability added": ["postgres", (s) => { s.cap_add = ["CHOWN"]; }],
  "memory limit": ["gateway", (s) => { delete s.mem_limit; }],
  "pids limit": ["worker", (s) => { delete s.pids_limit; }],
  "read-only root filesystem": ["postgres", (s) => { s.read_only = false; }],
  "runs as a non-root user": ["rabbitmq", (s) => { s.user = "root"; }],
  "publishes only its own port, on 127.0.0.1": ["gateway", (s) => { s.ports = ["8080:8080/tcp"]; }],
  "networks: the proxy on the front only, the stores on the internal back only": ["postgres", (s) => { s.networks["frontend-net"] = null; }],
  "restart policy (one-shot services: no)": ["worker", (s) => { delete s.restart; }],
  "worker memory limit is 128 MiB": ["worker", (s) => { s.mem_limit = s.memswap_limit = "256m"; }],
  "MinIO's web console off": ["minio", (s) => { delete s.environment.MINIO_BROWSER; }],
};

const [file, mode] = process.argv.slice(2);
const config = parse(readFileSync(file, "utf8"));
let failures = check(config);
if (mode === "--selftest") {
  failures = [];
  for (const [rule, [name, breakIt]] of Object.entries(BREAKS)) {
    const broken = structuredClone(config);
    breakIt(broken.services[name]);
    if (!check(broken).includes(`${name}: ${rule}`)) failures.push(`not caught: ${name}: ${rule}`);
  }
  const open = structuredClone(config);
  open.networks["backend-net"].internal = false;
  if (!check(open).includes("backend-net is internal")) failures.push("not caught: backend-net is internal");
  if (Object.keys(BREAKS).length !== Object.keys(RULES).length) failures.push("a rule has no break in the self-test");
}
failures.forEach((f) => console.log(f));
if (!failures.length) {
  console.log(mode === "--selftest" ? `${Object.keys(BREAKS).length + 1} breaks, each caught`
    : `${Object.keys(RULES).length} rules × ${Object.keys(config.services).length} services, and the internal network: all hold`);
}
process.exit(failures.length ? 1 : 0);
