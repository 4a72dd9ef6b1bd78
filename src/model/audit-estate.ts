import type { FindingLocation } from './finding.js';

/**
 * What `audit` checks: the Lambda functions, their roles and log groups, read from templates
 * (through the same locators as `patch`) or from the live account, in one shape so every rule
 * is one pure function of it. Text is kept as written (escaping is the renderers' job);
 * values a template does not resolve are kept as their expression text with `resolved: false`.
 */
export interface AuditEstate {
  /** What was read: template paths as given, or `aws://<account>/<region>`. */
  readonly subjects: readonly string[];
  readonly functions: readonly AuditFunction[];
  readonly roles: readonly AuditRole[];
  readonly logGroups: readonly AuditLogGroup[];
  /** Files, resources or calls that could not be read, each with why (never silently dropped). */
  readonly skipped: readonly { readonly what: string; readonly reason: string }[];
}

/** One Lambda function. */
export interface AuditFunction {
  /** Template: logical id, Serverless function key or Terraform address; live: the function ARN. */
  readonly id: string;
  /** The deployed name when known (live, or a literal `FunctionName`). */
  readonly name?: string;
  readonly place: FindingLocation;
  /** The `AuditRole.id` it runs as, when it is one of the estate's roles. */
  readonly role?: string;
  /** The role as written (an ARN, a reference text) when it is not one of the estate's roles. */
  readonly roleText?: string;
  /** `TracingConfig.Mode`; undefined when not set (Lambda's default is PassThrough). */
  readonly tracing?: string;
  /** `LoggingConfig.LogGroup` when set; else the function logs to `/aws/lambda/<name>`. */
  readonly customLogGroup?: string;
  /** Resource-based policy statements allowing invocation (AWS::Lambda::Permission, aws_lambda_permission, GetPolicy). */
  readonly permissions: readonly AuditInvokePermission[];
  /** The function URL, when it has one. */
  readonly url?: AuditFunctionUrl;
  /**
   * Who is configured to invoke it: service principals (`apigateway.amazonaws.com`,
   * `s3.amazonaws.com`, ...) and source ARNs of its triggers and event source mappings.
   */
  readonly invokers: readonly string[];
  /**
   * Suppressions written in the template (resource `Metadata.iamtrim.ignore`, Terraform
   * `# iamtrim:ignore <rule-id> <reason>` comments above the resource), each where written.
   */
  readonly suppressions?: readonly { rule: string; reason?: string; place: FindingLocation }[];
}

/** One statement of a function's resource-based policy (or one permission resource). */
export interface AuditInvokePermission {
  /** As written: `*`, an account, an ARN, or a service principal. */
  readonly principal: string;
  readonly action: string;
  readonly sourceArn?: string;
  readonly sourceAccount?: string;
  readonly principalOrgId?: string;
  /** `FunctionUrlAuthType` of a `lambda:InvokeFunctionUrl` permission. */
  readonly functionUrlAuthType?: string;
  /** Condition keys present on the statement (live policies), lower-cased. */
  readonly conditionKeys: readonly string[];
  readonly place: FindingLocation;
}

/** A function URL's configuration. */
export interface AuditFunctionUrl {
  /** `NONE` or `AWS_IAM` (as written; an unresolved value is kept as its text). */
  readonly authType: string;
  /** `Cors.AllowOrigins`, when CORS is configured. */
  readonly allowOrigins?: readonly string[];
  readonly place: FindingLocation;
}

/** One IAM role that some function runs as (or any role of the estate). */
export interface AuditRole {
  /** Template: logical id / address; live: the role ARN. */
  readonly id: string;
  readonly arn?: string;
  readonly name?: string;
  readonly place: FindingLocation;
  /** Whether its trust policy lets lambda.amazonaws.com assume it; undefined when unknown. */
  readonly trustsLambda?: boolean;
  /** Every statement of its inline and attached customer-managed policies, each with its place. */
  readonly statements: readonly AuditStatement[];
  /** Attached managed policies by ARN or name, as written. */
  readonly managedPolicies: readonly { readonly ref: string; readonly place: FindingLocation }[];
  /**
   * Suppressions written in the template (resource `Metadata.iamtrim.ignore`, Terraform
   * `# iamtrim:ignore <rule-id> <reason>` comments above the resource), each where written.
   */
  readonly suppressions?: readonly { rule: string; reason?: string; place: FindingLocation }[];
}

/** One identity-policy statement, with where it is written. */
export interface AuditStatement {
  /** The policy's name (inline), ARN (managed) or template path. */
  readonly policy: string;
  readonly sid?: string;
  readonly index: number;
  readonly effect: 'Allow' | 'Deny';
  readonly actionKey: 'Action' | 'NotAction';
  /** Action patterns as written; unresolved template values as their expression text. */
  readonly actions: readonly string[];
  readonly resourceKey: 'Resource' | 'NotResource';
  readonly resources: readonly string[];
  readonly hasCondition: boolean;
  readonly place: FindingLocation;
}

/** A CloudWatch Logs log group. */
export interface AuditLogGroup {
  readonly name: string;
  /** `RetentionInDays`; undefined = never expire. */
  readonly retentionDays?: number;
  readonly place: FindingLocation;
}
