import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estateFromTemplate } from '../../../src/iac/audit-estate/estate-from-template.js';
import { hostileString } from '../../support/hostile-strings.js';

// Keys that find something on Object.prototype when a table is indexed without own-key checks.
const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const key = fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,12}$/));

/** A JSON CloudFormation template: one SAM function, its event, policy template and a public permission. */
function template(fn: string, eventType: string, policyTemplate: string, text: string): string {
  return JSON.stringify(
    {
      Parameters: { [text.slice(0, 20) || 'P']: { Type: 'String', Default: text } },
      Resources: {
        [fn]: {
          Type: 'AWS::Serverless::Function',
          Metadata: { iamtrim: { ignore: [{ id: 'public-invoke', reason: text }] } },
          Properties: {
            FunctionName: text,
            Tracing: text,
            Events: { [eventType]: { Type: eventType, Properties: { Queue: text } } },
            Policies: [{ [policyTemplate]: { TableName: text } }],
          },
        },
        Open: {
          Type: 'AWS::Lambda::Permission',
          Properties: { FunctionName: { Ref: fn }, Action: 'lambda:InvokeFunction', Principal: text },
        },
      },
    },
    null,
    2,
  );
}

describe('audit estate from hostile templates', () => {
  it('reads logical ids, event types and policy template names that name Object.prototype members as text', () => {
    fc.assert(
      fc.property(key, key, key, hostileString, (fn, eventType, policyTemplate, text) => {
        const estate = estateFromTemplate('hostile.json', template(fn, eventType, policyTemplate, text));
        // The one function, whatever its id, with its permission and suppression as written.
        expect(estate.functions.map((f) => f.id)).toEqual([fn]);
        const f = estate.functions[0];
        expect(f?.permissions.map((p) => p.principal)).toEqual([text]);
        expect(f?.tracing).toBe(text);
        // A blank reason is no reason (the audit reports a suppression without one).
        expect(f?.suppressions?.map((s) => s.reason)).toEqual([text.trim() || undefined]);
        // An event type or policy template name that SAM does not define adds nothing.
        for (const i of f?.invokers ?? []) expect(typeof i).toBe('string');
        expect(estate.roles.map((r) => r.id)).toEqual([`${fn}Role`]);
      }),
      { numRuns: 150 },
    );
  });
});
