import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { parse } from 'dotenv';
import { loadConfig } from '../../src/config/app-config';
import { EnvironmentVariables } from '../../src/config/env.schema';

const example = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');

describe('.env.example', () => {
  // A fresh store copies it to .env: it must change nothing (LOAD_DEMO_CATALOG=false once emptied new stores).
  it('sets every variable to its default, so copying it to .env behaves like no .env', () => {
    expect(loadConfig(parse(example))).toEqual(loadConfig({}));
  });

  it('documents every variable the app reads, and no other', () => {
    const declared = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(EnvironmentVariables, '', true, false)
        .map((m) => m.propertyName),
    );
    const documented = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    expect([...declared].filter((v) => !documented.has(v))).toEqual([]);
    expect([...documented].filter((v) => !declared.has(v))).toEqual([]);
  });
});
