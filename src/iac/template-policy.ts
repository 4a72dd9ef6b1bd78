/**
 * Policies as they are written in infrastructure-as-code templates: statements whose
 * values may be expressions the template evaluates (`!GetAtt OrdersTable.Arn`,
 * `${aws_dynamodb_table.orders.arn}`), located by byte range so that an edit touches
 * nothing else in the file. One locator per format produces these
 * (`cloudformation/locate-cloudformation.ts`, `serverless/locate-serverless.ts`,
 * `terraform/locate-terraform.ts`, `policy-file.ts`).
 */
export type IacFormat = 'cloudformation' | 'serverless' | 'terraform' | 'policy-file';

/** A template expression, reduced to what resolution needs. */
export type Expression =
  /** CloudFormation `Ref`, a Terraform variable/local, a Serverless `${self:...}`/`${param:...}`. */
  | { readonly kind: 'ref'; readonly name: string }
  /** CloudFormation `Fn::GetAtt`, a Terraform resource attribute (`aws_s3_bucket.b.arn`). */
  | { readonly kind: 'getatt'; readonly resource: string; readonly attribute: string }
  /** A string with embedded expressions: CloudFormation `Fn::Sub`, a Terraform interpolation. */
  | { readonly kind: 'sub'; readonly parts: readonly (string | Expression)[] }
  /** CloudFormation `Fn::Join`. */
  | { readonly kind: 'join'; readonly delimiter: string; readonly parts: readonly (string | Expression)[] }
  /** Anything iamtrim does not evaluate (`Fn::If`, `Fn::ImportValue`, ...), kept as written. */
  | { readonly kind: 'opaque'; readonly description: string };

/** One value of Action or Resource: literal text, or an expression; `source` is the exact text. */
export type TemplateValue =
  | { readonly kind: 'literal'; readonly value: string; readonly source: string; readonly offset?: number }
  | {
      readonly kind: 'expression';
      readonly expression: Expression;
      readonly source: string;
      readonly offset?: number;
    };

export interface TemplateStatement {
  readonly sid: string | undefined;
  readonly effect: 'Allow' | 'Deny';
  readonly actionKey: 'Action' | 'NotAction';
  readonly actions: readonly TemplateValue[];
  readonly resourceKey: 'Resource' | 'NotResource';
  readonly resources: readonly TemplateValue[];
  /** The Condition block's exact source text, kept verbatim. */
  readonly conditionSource: string | undefined;
  /** Where that text starts in the file (optional; used to keep its indentation right). */
  readonly conditionOffset?: number;
  /** Byte range of the statement in the file. */
  readonly range: readonly [number, number];
}

/** A policy found in a template, with where it is and whether iamtrim can edit it. */
export interface LocatedPolicy {
  readonly file: string;
  readonly format: IacFormat;
  /** The role it belongs to: a logical id, a function or provider name, a resource address. */
  readonly role: string;
  /** Where in the document, as a dotted path, and its 1-based line. */
  readonly path: string;
  readonly line: number;
  /**
   * `statements`: editable statements; `sam-template`: a SAM policy template (e.g.
   * DynamoDBCrudPolicy); `managed-policy`: a managed policy name or ARN; `unsupported`:
   * found but not safely editable (see `note`); `unreadable`: the whole file could not be
   * read (not valid YAML/JSON/HCL, empty, over a size bound), with where and why in `note`.
   */
  readonly kind: 'statements' | 'sam-template' | 'managed-policy' | 'unsupported' | 'unreadable';
  readonly statements: readonly TemplateStatement[];
  /** Byte range of the statement list, which an edit replaces as a whole. */
  readonly listRange: readonly [number, number] | undefined;
  /** Column of the statement list's items (for block YAML) or of the list itself. */
  readonly indent: number;
  readonly note?: string;
  /**
   * The deployed role's name when the template implies it without writing it (Serverless's
   * default `<service>-<stage>-<region>-lambdaRole`), to find the role in the evidence.
   */
  readonly roleName?: string;
  /**
   * The whole policy entry (line start to line end), when removing it removes the policy
   * cleanly: where a patch would leave no statement, this goes instead of writing an empty
   * Statement, which IAM rejects.
   */
  readonly entryRange?: readonly [number, number];
  /**
   * A policy read from another file (Terraform `templatefile("${path.module}/p.json.tpl",
   * { bucket = var.bucket })`): that file, relative to this one's directory, and the call's
   * variables (literal values; `null` when unknown). Its caller reads the file and locates it
   * with `locateTemplateFilePolicies`.
   */
  readonly templateFile?: {
    readonly path: string;
    readonly variables: Readonly<Record<string, string | null>>;
  };
  /** The roles elsewhere in the file this policy is attached to (Terraform: `aws_iam_role.x`). */
  readonly attachedRoles?: readonly string[];
  /** For `managed-policy`: the policy's ARN or name as written (an expression as its text). */
  readonly managedPolicyRef?: string;
  /** Terraform: the `aws_iam_policy` (a managed policy) whose document this is. */
  readonly managedPolicy?: string;
  /**
   * For `sam-template`: the template name and its parameters, where the name is written
   * (`keyRange`), and the whole list entry when it is one (`entryRange`, line start to line end).
   */
  readonly samTemplate?: {
    readonly name: string;
    readonly parameters: Readonly<Record<string, TemplateValue>>;
    readonly keyRange?: readonly [number, number];
    readonly entryRange?: readonly [number, number];
  };
}
