// Merges the OpenAPI documents that ingest-api and query-api write at build time (target/openapi/openapi.json)
// into the one contract the front door serves at /openapi.json.
//
//   node deploy/openapi/merge.mjs <out.json> <service.json>...
//
// Paths are united (a path both services serve, like /v1/logs, keeps each one's methods); an operation that two
// services declare, or a component of the same name that differs between them, is an error: the front door
// could not route it or the contract would be ambiguous.
import { readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';

const [out, ...inputs] = process.argv.slice(2);
if (!out || inputs.length === 0) {
  console.error('usage: node merge.mjs <out.json> <service.json>...');
  process.exit(2);
}

const merged = {
  openapi: '3.1.0',
  info: {
    title: 'Eventlane',
    version: '0.1.0',
    description: 'Every HTTP surface of Eventlane behind its front door: the ingest surfaces of LogLogic, GoodLogs, '
      + 'LogFlux and Logsh, the analytics reads and the control plane. Each surface answers errors in the body of the '
      + 'product it imitates. Reference: docs/README.md.',
    license: { name: 'Proprietary', identifier: 'LicenseRef-Eventlane' },
  },
  servers: [{ url: '/', description: 'The front door (http://localhost:8000 under ./eventlane up)' }],
  tags: [],
  paths: {},
  components: {},
};
const problems = [];

for (const file of inputs) {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  if (!String(doc.openapi).startsWith('3.1')) {
    problems.push(`${file}: OpenAPI ${doc.openapi}, expected 3.1`);
  }
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const target = (merged.paths[path] ??= {});
    for (const [method, operation] of Object.entries(item)) {
      if (method in target && !isDeepStrictEqual(target[method], operation)) {
        problems.push(`${method.toUpperCase()} ${path} is declared twice (again in ${file})`);
      }
      target[method] = operation;
    }
  }
  for (const [section, entries] of Object.entries(doc.components ?? {})) {
    const target = (merged.components[section] ??= {});
    for (const [name, value] of Object.entries(entries)) {
      if (name in target && !isDeepStrictEqual(target[name], value)) {
        problems.push(`components.${section}.${name} differs between the services (again in ${file})`);
      }
      target[name] = value;
    }
  }
  for (const tag of doc.tags ?? []) {
    if (!merged.tags.some((t) => t.name === tag.name)) {
      merged.tags.push(tag);
    }
  }
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
merged.tags.sort((a, b) => a.name.localeCompare(b.name));
merged.paths = Object.fromEntries(Object.entries(merged.paths).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(out, JSON.stringify(merged, null, 2) + '\n');
