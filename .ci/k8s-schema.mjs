// Schema validation of rendered Kubernetes objects against the vendored schemas in
// infra/k8s/schemas/ (README.md there says where each came from). Strict like
// `kubectl apply --validate=strict`: an unknown field fails, so does a wrong type.
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";

const dir = join(dirname(fileURLToPath(import.meta.url)), "../infra/k8s/schemas");
const CORE = "kubernetes-1.32.json";
// x-kubernetes-* and format keywords are not validated by ajv; formats are not what we are after
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

// A CRD rejects (with strict field validation) any field its structural schema does not declare,
// unless the node says x-kubernetes-preserve-unknown-fields: make that explicit for ajv.
function strictify(s) {
  if (Array.isArray(s)) return s.forEach(strictify);
  if (!s || typeof s !== "object") return;
  if (s.properties && s.additionalProperties === undefined && !s["x-kubernetes-preserve-unknown-fields"]) s.additionalProperties = false;
  for (const [k, v] of Object.entries(s)) {
    if (k === "properties") Object.values(v).forEach(strictify);
    else if (typeof v === "object") strictify(v);
  }
}

const validators = new Map(); // "apiVersion/kind" -> () => compiled validator (compiled on first use)
const core = JSON.parse(readFileSync(join(dir, CORE), "utf8"));
ajv.addSchema({ $id: CORE, definitions: core.definitions });
for (const [key, schema] of Object.entries(core.kinds)) validators.set(key, () => ajv.compile({ allOf: schema.allOf.map((s) => (s.$ref ? { $ref: CORE + s.$ref } : s)) }));
for (const file of readdirSync(dir).filter((f) => /^[^_]+_[^_]+_[^_]+\.json$/.test(f))) {
  const [group, version, kind] = file.replace(/\.json$/, "").split("_");
  validators.set(`${group}/${version}/${kind}`, () => {
    const schema = JSON.parse(readFileSync(join(dir, file), "utf8"));
    delete schema.$comment;
    strictify(schema);
    // CRD schemas say only `metadata: {type: object}`; check it as the ObjectMeta it is
    schema.properties.metadata = { $ref: `${CORE}#/definitions/V1ObjectMeta` };
    schema.properties.apiVersion = { const: `${group}/${version}` };
    schema.properties.kind = { const: kind };
    schema.required = [...new Set([...(schema.required ?? []), "apiVersion", "kind", "metadata"])];
    return ajv.compile(schema);
  });
}

const compiled = new Map();
export const schemaKinds = () => [...validators.keys()];

// Returns [{path, message}] (empty when valid); compiles each kind's validator on first use.
export function validateSchema(obj) {
  const key = `${obj?.apiVersion}/${obj?.kind}`;
  if (!validators.has(key)) return [{ path: "", message: `no schema for apiVersion ${obj?.apiVersion} kind ${obj?.kind} (vendor one in infra/k8s/schemas/)` }];
  if (!compiled.has(key)) compiled.set(key, validators.get(key)());
  const v = compiled.get(key);
  if (v(obj)) return [];
  // a bad quantity fails both branches of its anyOf (string pattern, number): say it once
  const quantities = new Set(v.errors.filter((e) => e.params.pattern?.includes("[KMGTPE]i")).map((e) => e.instancePath));
  const seen = new Set();
  return v.errors
    // anyOf/oneOf failures repeat what their branches say; keep the branch errors
    .filter((e) => !["anyOf", "oneOf", "allOf", "if"].includes(e.keyword))
    .filter((e) => !(quantities.has(e.instancePath) && e.keyword === "type"))
    .map((e) => ({
      path: e.instancePath,
      message: `${e.instancePath || "/"}: ${e.keyword === "additionalProperties" ? `unknown field "${e.params.additionalProperty}"`
        : quantities.has(e.instancePath) ? "must be a quantity like 500m or 128Mi" : e.message}`,
    }))
    .filter((e) => !seen.has(e.message) && seen.add(e.message));
}
