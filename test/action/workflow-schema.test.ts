import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The workflow examples and action.yml against SchemaStore's GitHub workflow and action
// schemas (vendored in test/support/schemas/, see NOTICE), so a typo in a key or a wrong
// shape fails here rather than on a user's runner.
const root = join(import.meta.dirname, '..', '..');
const schemas = join(root, 'test', 'support', 'schemas');
const ajv = new Ajv({ allErrors: true, extendRefs: true, logger: false });
const validateWorkflow = ajv.compile(JSON.parse(readFileSync(join(schemas, 'github-workflow.json'), 'utf8')));
const validateAction = ajv.compile(JSON.parse(readFileSync(join(schemas, 'github-action.json'), 'utf8')));
const examples = readdirSync(join(root, 'examples', 'github')).filter((f) => f.endsWith('.yml'));
const readYaml = (file: string): unknown => parse(readFileSync(join(root, file), 'utf8'));

describe('the GitHub workflow examples and the action', () => {
  it('has the three examples', () => {
    expect(examples.sort()).toEqual(['drift.yml', 'pr-check.yml', 'weekly-patch.yml']);
  });

  it.each(examples)('examples/github/%s is a valid workflow, referenced from the README', (name) => {
    const ok = validateWorkflow(readYaml(join('examples', 'github', name)));
    expect(validateWorkflow.errors ?? [], name).toEqual([]);
    expect(ok).toBe(true);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(`examples/github/${name}`);
  });

  it('action.yml is a valid action, and its inputs are the ones the entry script reads', () => {
    const action = readYaml('action.yml') as {
      inputs: Record<string, unknown>;
      outputs: Record<string, unknown>;
      runs: { steps: { env?: Record<string, string> }[] };
    };
    const ok = validateAction(action);
    expect(validateAction.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const env = Object.assign({}, ...action.runs.steps.map((s) => s.env ?? {})) as Record<string, string>;
    for (const input of Object.keys(action.inputs))
      expect(env[`INPUT_${input.toUpperCase().replace('-', '_')}`]).toBe(`\${{ inputs.${input} }}`);
    const script = readFileSync(join(root, 'action', 'run.mjs'), 'utf8');
    for (const out of Object.keys(action.outputs)) expect(script).toContain(`output('${out}'`);
  });

  it('the validators are not vacuous: a broken workflow and a broken action fail', () => {
    const workflow = readYaml('examples/github/pr-check.yml') as {
      jobs: { iamtrim: Record<string, unknown> };
    };
    delete workflow.jobs.iamtrim['runs-on'];
    expect(validateWorkflow(workflow)).toBe(false);
    expect(validateWorkflow({ on: 'push', jobs: { a: { 'runs-on': 'x', step: [] } } })).toBe(false);
    const action = readYaml('action.yml') as { runs: Record<string, unknown> };
    action.runs['using'] = 'python';
    expect(validateAction(action)).toBe(false);
  });
});
