import { isMap, isScalar, parseDocument, type Document, type Node, type YAMLMap } from 'yaml';
import { ownValue } from '../../catalog/own-value.js';
import type { Expression } from '../template-policy.js';
import { expression, keyText, scalarText } from './intrinsics.js';
import { SHORT_TAGS } from './short-tags.js';

/** The value of `key` in a template map (keys as CloudFormation reads them). */
export function entryValue(map: YAMLMap, key: string): Node | undefined {
  for (const p of map.items) if (keyText(p) === key) return (p.value ?? undefined) as Node | undefined;
  return undefined;
}

/** A resource declared in a template: its type and, when written, its name property. */
export interface TemplateResource {
  readonly type: string;
  readonly name?: Expression | string;
  /** `Metadata.aws:cdk:path`: the construct this resource was synthesized from by the AWS CDK. */
  readonly cdkPath?: string;
}

// The property that names a resource, by type (when set, the ARN is predictable).
const NAME_PROPERTY: Record<string, string> = {
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::DynamoDB::GlobalTable': 'TableName',
  'AWS::Serverless::SimpleTable': 'TableName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::Serverless::Function': 'FunctionName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::Serverless::StateMachine': 'Name',
  'AWS::SecretsManager::Secret': 'Name',
  'AWS::SSM::Parameter': 'Name',
  'AWS::Events::EventBus': 'Name',
  'AWS::Kinesis::Stream': 'Name',
  'AWS::Logs::LogGroup': 'LogGroupName',
};

/** The resources a CloudFormation/SAM template declares, with their name properties. */
export function templateResources(text: string): Map<string, TemplateResource> {
  const out = new Map<string, TemplateResource>();
  const doc = parseDocument(text, { customTags: SHORT_TAGS as never, uniqueKeys: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return out;
  const resources = entryValue(doc.contents, 'Resources');
  if (!isMap(resources)) return out;
  for (const pair of resources.items) {
    const id = keyText(pair);
    if (!id || !isMap(pair.value)) continue;
    const type = scalarText(entryValue(pair.value, 'Type'));
    if (!type) continue;
    const props = entryValue(pair.value, 'Properties');
    const key = ownValue(NAME_PROPERTY, type);
    const nameNode = key && isMap(props) ? entryValue(props, key) : undefined;
    const name =
      nameNode === undefined
        ? undefined
        : isScalar(nameNode) && !nameNode.tag
          ? String(nameNode.value)
          : expression(nameNode);
    const metadata = entryValue(pair.value, 'Metadata');
    const cdkPath = isMap(metadata) ? scalarText(entryValue(metadata, 'aws:cdk:path')) : undefined;
    out.set(id, {
      type,
      ...(name === undefined ? {} : { name }),
      ...(cdkPath === undefined ? {} : { cdkPath }),
    });
  }
  return out;
}

/**
 * Parses a CloudFormation/SAM template (YAML or JSON) with the short intrinsic tags kept on
 * their nodes, for readers other than the policy locator. Undefined when it does not parse.
 */
export function parseTemplateDocument(text: string): Document.Parsed | undefined {
  const doc = parseDocument(text, { customTags: SHORT_TAGS as never, uniqueKeys: false });
  return doc.errors.length > 0 || !isMap(doc.contents) ? undefined : doc;
}
