import { Lexer } from 'yaml';

/**
 * Bounds on a template before it is parsed. Templates are attacker-controlled, and the
 * parsers hold every node in memory: a 7 MB template already takes about 750 MB and 17 s
 * to read. CloudFormation itself accepts at most 1 MB, so 10 MB leaves room for any real
 * Serverless or Terraform file.
 */
export const TEMPLATE_LIMITS = {
  /** Characters of one template file. */
  maxCharacters: 10 * 1024 * 1024,
  /**
   * YAML anchors and aliases together (CloudFormation accepts none; a serverless.yml uses
   * a handful): one alias can stand for a whole tree, so their number is bounded too.
   */
  maxYamlAnchorsAndAliases: 1_000,
  /** `[` and `{` nested in YAML flow collections. */
  maxYamlFlowNesting: 100,
} as const;

/** Why a template is not read, and where (an offset into its text) when it is at one place. */
export interface TemplateBoundProblem {
  readonly offset?: number;
  readonly reason: string;
}

/** The first bound `text` exceeds, or undefined. `yaml` also counts anchors, aliases and nesting. */
export function findBoundProblem(text: string, yaml: boolean): TemplateBoundProblem | undefined {
  if (text.length > TEMPLATE_LIMITS.maxCharacters)
    return {
      reason: `the file has ${text.length.toLocaleString('en-US')} characters, over iamtrim's limit of ${TEMPLATE_LIMITS.maxCharacters.toLocaleString('en-US')} for a template (CloudFormation accepts 1 MB)`,
    };
  return yaml ? yamlBoundProblem(text) : undefined;
}

// The lexer only splits the text into tokens (no nodes), so counting is cheap and linear.
function yamlBoundProblem(text: string): TemplateBoundProblem | undefined {
  let offset = 0;
  let refs = 0;
  let depth = 0;
  for (const token of new Lexer().lex(text)) {
    const c = token[0];
    if (c === '&' || c === '*') {
      if (++refs > TEMPLATE_LIMITS.maxYamlAnchorsAndAliases)
        return {
          offset,
          reason: `more than ${TEMPLATE_LIMITS.maxYamlAnchorsAndAliases.toLocaleString('en-US')} YAML anchors and aliases (iamtrim's limit)`,
        };
    } else if (token === '[' || token === '{') {
      if (++depth > TEMPLATE_LIMITS.maxYamlFlowNesting)
        return {
          offset,
          reason: `YAML lists or maps nested more than ${TEMPLATE_LIMITS.maxYamlFlowNesting} deep (iamtrim's limit)`,
        };
    } else if (token === ']' || token === '}') depth = Math.max(0, depth - 1);
    // The lexer's control tokens (document start, scalar, flow error end) are not source text.
    if (token !== '\x02' && token !== '\x1f' && token !== '\x18') offset += token.length;
  }
  return undefined;
}
