/**
 * The subset of JSON Schema (draft 2020-12) iamtrim's own schemas use: `type`, `required`,
 * `properties`, `additionalProperties: false`, `items`, `const`, `enum`, `oneOf`, `minimum`
 * and local `$ref`s to `$defs`. Small enough to
 * keep in the tree (no validator library in the dependencies), and the schema file that
 * ships stays the one description of the format.
 */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  /** Only `false` (no key beyond `properties`) is checked. */
  readonly additionalProperties?: boolean;
  readonly items?: JsonSchema;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  /** Exactly one of these must match. */
  readonly oneOf?: readonly JsonSchema[];
  readonly minimum?: number;
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, JsonSchema>>;
}

/** Where a value breaks its schema: a JSON path (`$.principals[3].actions[0].count`) and what is wrong. */
export interface SchemaProblem {
  readonly path: string;
  readonly message: string;
}

/** The first place `value` breaks `schema`, or undefined when it conforms. */
export function checkJsonSchema(value: unknown, schema: JsonSchema): SchemaProblem | undefined {
  return check(value, schema, schema, '$');
}

function check(
  value: unknown,
  schema: JsonSchema,
  root: JsonSchema,
  path: string,
): SchemaProblem | undefined {
  if (schema.$ref !== undefined) {
    const name = /^#\/\$defs\/(.+)$/.exec(schema.$ref)?.[1];
    const target =
      name !== undefined && root.$defs && Object.hasOwn(root.$defs, name) ? root.$defs[name] : undefined;
    if (!target) throw new Error(`schema: unknown $ref ${schema.$ref}`);
    return check(value, target, root, path);
  }
  if (schema.const !== undefined && value !== schema.const)
    return { path, message: `expected ${JSON.stringify(schema.const)}, found ${describe(value)}` };
  if (schema.enum !== undefined && !schema.enum.includes(value))
    return { path, message: `expected one of ${JSON.stringify(schema.enum)}, found ${describe(value)}` };
  if (schema.oneOf !== undefined) {
    const problems = schema.oneOf.map((s) => check(value, s, root, path));
    const matched = problems.filter((p) => p === undefined).length;
    if (matched !== 1)
      return matched === 0
        ? (problems.find((p) => p !== undefined) ?? { path, message: 'matches no alternative' })
        : { path, message: `matches ${matched} alternatives, expected one` };
  }
  if (schema.type !== undefined) {
    const types = typeof schema.type === 'string' ? [schema.type] : schema.type;
    if (!types.some((t) => hasType(value, t)))
      return { path, message: `expected ${types.join(' or ')}, found ${describe(value)}` };
  }
  if (schema.minimum !== undefined && typeof value === 'number' && value < schema.minimum)
    return { path, message: `expected at least ${schema.minimum}, found ${value}` };
  if (Array.isArray(value) && schema.items) {
    for (let i = 0; i < value.length; i++) {
      const problem = check(value[i], schema.items, root, `${path}[${i}]`);
      if (problem) return problem;
    }
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const key of schema.required ?? [])
      if (!Object.hasOwn(record, key)) return { path, message: `missing "${key}"` };
    if (schema.additionalProperties === false) {
      const extra = Object.keys(record).find((key) => !Object.hasOwn(schema.properties ?? {}, key));
      if (extra !== undefined) return { path, message: `unexpected "${extra}"` };
    }
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      if (!Object.hasOwn(record, key)) continue;
      const problem = check(record[key], sub, root, `${path}.${key}`);
      if (problem) return problem;
    }
  }
  return undefined;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}
