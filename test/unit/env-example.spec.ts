import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { EnvironmentVariables } from '../../src/config/env.schema';

describe('.env.example', () => {
  it('documents every variable the app reads, and no other', () => {
    const declared = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(EnvironmentVariables, '', true, false)
        .map((m) => m.propertyName),
    );
    const text = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');
    const documented = new Set([...text.matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    expect([...declared].filter((v) => !documented.has(v))).toEqual([]);
    expect([...documented].filter((v) => !declared.has(v))).toEqual([]);
  });
});
