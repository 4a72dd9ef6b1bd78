import { templateResources } from '../../src/iac/cloudformation/template-resources.js';
import type { ResolveContext } from '../../src/iac/resolve-expression.js';

/** The account and region the IaC tests deploy to, with the template's own resources. */
export function testResolveContext(text: string): ResolveContext {
  return {
    partition: 'aws',
    region: 'us-east-1',
    account: '123456789012',
    params: {},
    stackResources: new Map(),
    templateResources: templateResources(text),
  };
}
