/** One Lambda function as listed in an account, with the role it runs as. */
export interface DeployedFunction {
  readonly region: string;
  readonly functionName: string;
  readonly functionArn: string;
  readonly roleArn: string;
  readonly runtime: string | undefined;
  readonly packageType: string | undefined;
  readonly lastModified: string | undefined;
  /** `TracingConfig.Mode` as ListFunctions reports it, when it does. */
  readonly tracingMode?: string;
  /** `LoggingConfig.LogGroup` as ListFunctions reports it (the default `/aws/lambda/<name>` too). */
  readonly logGroup?: string;
}

/** A role and the functions that run as it. */
export interface RoleFunctions {
  readonly roleArn: string;
  readonly functions: readonly DeployedFunction[];
  /**
   * More than one function runs as this role: tightening it to one function's evidence would
   * break the others, so the evidence of all of them has to be combined.
   */
  readonly shared: boolean;
}

/** What `roles` found: the regions listed, those that failed (with why), and the roles. */
export interface RolesReport {
  readonly regions: readonly string[];
  readonly failedRegions: readonly string[];
  readonly roles: readonly RoleFunctions[];
}
