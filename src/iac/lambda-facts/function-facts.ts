import type { EventSourceMappingJson, FunctionConfigurationJson } from '../../catalog/lambda-needs.js';
import type { IacFormat } from '../template-policy.js';

/**
 * What a template says about one Lambda function that decides what the Lambda service
 * needs through its role, in the shapes `lambdaRequirements()` reads (the AWS CLI's
 * `get-function-configuration` and `list-event-source-mappings` output), so the same rules
 * apply to a template as to a deployed function.
 *
 * Values the template does not resolve to an ARN stand in as placeholders
 * (`arn:<partition>:<service>:*:*:iamtrim-unresolved-<n>`): the service is known (an SQS
 * event polls a queue), the resource is not. `unresolved` maps each placeholder to the
 * text written in the template; `templateRequirements` turns their needs into needs on `*`.
 */
export interface LambdaFunctionFacts {
  readonly file: string;
  readonly format: IacFormat;
  /** The function as the template names it: logical id, Serverless function key, Terraform address. */
  readonly function: string;
  /** 1-based line where the function is declared. */
  readonly line: number;
  /**
   * The role it runs with, as the policy locators name roles: a logical id (`OrdersRole`,
   * SAM's `<Function>Role`), `provider` or the function key (Serverless), a Terraform
   * address (`aws_iam_role.x`, `module.x`), or the text written when it is none of these.
   */
  readonly role: string;
  readonly config: FunctionConfigurationJson;
  readonly mappings: readonly EventSourceMappingJson[];
  /** Placeholder → what the template wrote there. */
  readonly unresolved: Readonly<Record<string, string>>;
  /** Set when a dead-letter target's service is unknown: both SQS and SNS needs are kept. */
  readonly deadLetterServiceUnknown?: boolean;
  /** Facts seen but not usable (an event source of unknown kind), one sentence each. */
  readonly notes: readonly string[];
}

/** The marker every placeholder carries. */
export const UNRESOLVED_MARKER = 'iamtrim-unresolved-';
