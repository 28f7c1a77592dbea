#!/usr/bin/env node
// Converts a Kubernetes OpenAPI v2 document (GET /openapi/v2) into kubeconform-compatible
// "standalone-strict" JSON schemas, one file per group/version/kind:
//   <outDir>/<kind lowercased><kindSuffix>.json   (e.g. deployment-apps-v1.json, service-v1.json)
// matching kubeconform's  -schema-location '<outDir>/{{.ResourceKind}}{{.KindSuffix}}.json'.
//
// standalone: every $ref is inlined (a recursive reference, e.g. inside JSONSchemaProps, becomes {}).
// strict:     objects with declared properties get additionalProperties: false (unless the API says
//             x-kubernetes-preserve-unknown-fields or declares additionalProperties itself).
// Like the published kubeconform schemas, optional fields also accept null, int-or-string accepts
// either, and resource.Quantity accepts a string or a number.
//
// usage: node scripts/openapi-to-jsonschema.mjs <openapi-v2.json> <outDir>
import fs from 'node:fs';
import path from 'node:path';

const [input, outDir] = process.argv.slice(2);
if (!input || !outDir) {
  process.stderr.write('usage: openapi-to-jsonschema.mjs <openapi-v2.json> <outDir>\n');
  process.exit(2);
}

const doc = JSON.parse(fs.readFileSync(input, 'utf8'));
const defs = doc.definitions ?? {};
const REF_PREFIX = '#/definitions/';

const SPECIAL = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': () => ({ oneOf: [{ type: 'string' }, { type: 'number' }] }),
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': () => ({ oneOf: [{ type: 'string' }, { type: 'integer' }] }),
};

const memo = new Map(); // def name -> converted schema (only when no recursion was cut inside)
let cuts = 0;

function resolveRef(ref, stack) {
  if (!ref.startsWith(REF_PREFIX)) throw new Error(`unsupported $ref ${ref}`);
  const name = ref.slice(REF_PREFIX.length);
  if (SPECIAL[name]) return SPECIAL[name]();
  if (stack.includes(name)) {
    cuts++;
    return {};
  }
  if (memo.has(name)) return memo.get(name);
  const def = defs[name];
  if (!def) throw new Error(`dangling $ref ${ref}`);
  const before = cuts;
  const out = convert(def, [...stack, name]);
  if (cuts === before) memo.set(name, out);
  return out;
}

// Returns a schema that also accepts null (never mutates its argument: converted schemas are shared).
function nullable(s) {
  if (typeof s.type === 'string') return { ...s, type: [s.type, 'null'] };
  if (Array.isArray(s.type)) return s.type.includes('null') ? s : { ...s, type: [...s.type, 'null'] };
  if (Array.isArray(s.oneOf)) return { ...s, oneOf: [...s.oneOf, { type: 'null' }] };
  if (Array.isArray(s.allOf) && Object.keys(s).length === 1) return { oneOf: [s, { type: 'null' }] };
  return s; // {} or similar: already accepts null
}

function convert(schema, stack) {
  if (Array.isArray(schema)) return schema.map((s) => convert(s, stack));
  if (schema === null || typeof schema !== 'object') return schema;

  if (typeof schema.$ref === 'string') return resolveRef(schema.$ref, stack);
  if (schema.format === 'int-or-string' || schema['x-kubernetes-int-or-string'] === true) {
    return { oneOf: [{ type: 'string' }, { type: 'integer' }] };
  }
  // allOf: [{$ref}] with siblings (description/default) is how v2 documents a ref with a default
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1 && !schema.properties && !schema.type) {
    return convert(schema.allOf[0], stack);
  }

  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description' || key === 'format' || key === 'default' || key.startsWith('x-')) continue;
    switch (key) {
      case 'properties': {
        const required = new Set(schema.required ?? []);
        const props = {};
        for (const [name, sub] of Object.entries(value)) {
          const converted = convert(sub, stack);
          props[name] = required.has(name) ? converted : nullable(converted);
        }
        out.properties = props;
        break;
      }
      case 'items':
      case 'not':
        out[key] = convert(value, stack);
        break;
      case 'additionalProperties':
        out[key] = typeof value === 'object' ? convert(value, stack) : value;
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        out[key] = value.map((s) => convert(s, stack));
        break;
      default:
        out[key] = value;
    }
  }
  if (
    out.properties &&
    out.additionalProperties === undefined &&
    schema['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out.additionalProperties = false;
  }
  if (out.properties && out.type === undefined) out.type = 'object';
  return out;
}

// kubeconform: kindSuffix = "-" + first label of the group (or the version for core) + "-" + version
function fileName(group, version, kind) {
  const apiVersion = group ? `${group}/${version}` : version;
  const groupParts = apiVersion.split('/');
  let suffix = '-' + groupParts[0].split('.')[0].toLowerCase();
  if (groupParts.length > 1) suffix += '-' + groupParts[1].toLowerCase();
  return `${kind.toLowerCase()}${suffix}.json`;
}

// Prefer Kubernetes' own groups when two groups share a first label (e.g. metrics.k8s.io vs metrics.foo.io).
function rank(group) {
  return group === '' || group.endsWith('.k8s.io') || !group.includes('.') ? 0 : 1;
}

fs.mkdirSync(outDir, { recursive: true });
const written = new Map(); // file -> {group, name}
let count = 0;
for (const name of Object.keys(defs).sort()) {
  const gvks = defs[name]['x-kubernetes-group-version-kind'];
  if (!Array.isArray(gvks)) continue;
  for (const { group = '', version, kind } of gvks) {
    if (!version || !kind) continue;
    const file = fileName(group, version, kind);
    const prev = written.get(file);
    if (prev && rank(prev.group) <= rank(group)) continue;
    const schema = resolveRef(REF_PREFIX + name, []);
    fs.writeFileSync(path.join(outDir, file), JSON.stringify(schema));
    if (!prev) count++;
    written.set(file, { group, name });
  }
}
process.stderr.write(`openapi-to-jsonschema: wrote ${count} schemas to ${outDir}\n`);
