import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { stackSchemaJson } from '../../src/catalog/json-schema.js';

test('the committed JSON Schema is exactly what the TypeBox model generates (run `npm run schema` after changing the model)', () => {
  assert.equal(readFileSync('schema/slipway.schema.json', 'utf8'), stackSchemaJson());
});

test('the published schema accepts the fixture and rejects an unknown key, like slipway does', () => {
  const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync('schema/slipway.schema.json', 'utf8')));
  assert.equal(validate(parse(readFileSync('test/fixtures/basic.yaml', 'utf8'))), true, JSON.stringify(validate.errors));
  assert.equal(validate({ name: 'x', services: { a: { image: 'i', replcas: 2 } } }), false);
});
