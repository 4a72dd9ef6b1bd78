import { iacCorpusPresent, iacDir, listTemplates } from '../support/iac-corpus.js';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import lambdaNeedsData from '../../src/catalog/data/lambda-needs.json' with { type: 'json' };
import type { LambdaNeedsData } from '../../src/catalog/lambda-needs.js';
import { templateResources } from '../../src/iac/cloudformation/template-resources.js';
import { extractLambdaFacts } from '../../src/iac/lambda-facts/extract-lambda-facts.js';
import { UNRESOLVED_MARKER, type LambdaFunctionFacts } from '../../src/iac/lambda-facts/function-facts.js';
import { templateRequirements } from '../../src/iac/lambda-facts/template-requirements.js';
import type { ResolveContext } from '../../src/iac/resolve-expression.js';

// Every template in ../shared/corpora/iac (SAM/CloudFormation, serverless.yml, Terraform):
// the Lambda facts extractor reads each without throwing, and what it finds is usable.
// IAMTRIM_IAC_CORPUS points elsewhere (a git worktree does not sit beside ../shared).
const present = iacCorpusPresent;

const needs = lambdaNeedsData as unknown as LambdaNeedsData;

function contextFor(text: string): ResolveContext {
  return {
    partition: 'aws',
    region: 'us-east-1',
    account: '123456789012',
    params: {},
    stackResources: new Map(),
    templateResources: templateResources(text),
  };
}

describe.skipIf(!present)('Lambda facts over the IaC corpus', () => {
  const files = present ? listTemplates(iacDir) : [];
  const results = files.map((file) => {
    const text = readFileSync(file, 'utf8');
    const facts = extractLambdaFacts(file, text, contextFor(text));
    return { file: relative(iacDir, file), text, facts };
  });

  it('reads every template without throwing, and every need is an ARN or *', () => {
    expect(files.length).toBeGreaterThan(1000);
    const problems: string[] = [];
    for (const r of results) {
      for (const f of r.facts) {
        if (!f.role) problems.push(`${r.file}: ${f.function} has no role`);
        for (const req of templateRequirements(f, needs)) {
          for (const res of req.resources)
            if (res !== '*' && (!res.startsWith('arn:') || res.includes(UNRESOLVED_MARKER)))
              problems.push(`${r.file}: ${f.function} ${req.action} on ${res}`);
          if (req.reason.includes(UNRESOLVED_MARKER)) problems.push(`${r.file}: reason names a placeholder`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('finds a function in every Terraform file that declares aws_lambda_function', () => {
    const declaring = results.filter(
      (r) => r.file.endsWith('.tf') && /^resource\s+"aws_lambda_function"/m.test(r.text),
    );
    expect(declaring.length).toBeGreaterThan(10);
    const missed = declaring
      .filter((r) => !r.facts.some((f) => f.function.startsWith('aws_lambda_function.')))
      .map((r) => r.file);
    expect(missed).toEqual([]);
  });

  it('finds a function in every serverless.yml with a functions section', () => {
    const declaring = results.filter(
      (r) => /(^|\/)serverless\.ya?ml$/.test(r.file) && /^functions:\s*\n\s+[\w-]+:/m.test(r.text),
    );
    expect(declaring.length).toBeGreaterThan(50);
    const missed = declaring.filter((r) => r.facts.length === 0).map((r) => r.file);
    expect(missed).toEqual([]);
  });

  it('reports what it found per format', () => {
    const byFormat = new Map<string, { files: number; functions: number; counts: Record<string, number> }>();
    for (const r of results) {
      for (const f of r.facts) {
        const entry = byFormat.get(f.format) ?? { files: 0, functions: 0, counts: {} };
        if (f === r.facts[0]) entry.files++;
        entry.functions++;
        for (const [k, has] of Object.entries(factKinds(f)))
          if (has) entry.counts[k] = (entry.counts[k] ?? 0) + has;
        byFormat.set(f.format, entry);
      }
    }
    console.log(JSON.stringify(Object.fromEntries(byFormat), null, 1));
    expect(byFormat.size).toBe(3);
  });
});

function factKinds(f: LambdaFunctionFacts): Record<string, number> {
  const c = f.config;
  const placeholders = Object.keys(f.unresolved).length;
  return {
    vpc: c.VpcConfig ? 1 : 0,
    tracing: c.TracingConfig?.Mode === 'Active' ? 1 : 0,
    deadLetter: c.DeadLetterConfig || f.deadLetterServiceUnknown ? 1 : 0,
    logGroup: c.LoggingConfig ? 1 : 0,
    eventSourceMappings: f.mappings.length,
    destinations: f.mappings.filter((m) => m.DestinationConfig).length,
    unresolvedValues: placeholders,
    notes: f.notes.length,
  };
}
