/** A key that occurs twice in one JSON object, with the object's JSON path. */
export interface DuplicateKey {
  /** JSON path of the repeated member, e.g. `$.Statement` or `$.Statement[0].Effect`. */
  readonly path: string;
  readonly key: string;
}

type Frame =
  | { kind: 'object'; path: string; keys: Set<string>; expectKey: boolean; key: string }
  | { kind: 'array'; path: string; index: number };

/**
 * Finds every key repeated within one object of a JSON text. JSON.parse keeps the last
 * value silently, while IAM, CloudFormation and people may read the first: a policy with
 * two `Statement` keys must be refused, not half-read. Expects text that JSON.parse
 * accepts; keys are compared after unescaping, as JSON.parse compares them.
 */
export function findDuplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const stack: Frame[] = [];
  const childPath = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return '$';
    return top.kind === 'object' ? `${top.path}${memberPath(top.key)}` : `${top.path}[${top.index}]`;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const top = stack[stack.length - 1];
    if (c === 0x22) {
      const end = stringEnd(text, i);
      if (top?.kind === 'object' && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) found.push({ path: `${top.path}${memberPath(key)}`, key });
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = end;
    } else if (c === 0x7b) {
      stack.push({ kind: 'object', path: childPath(), keys: new Set(), expectKey: true, key: '' });
    } else if (c === 0x5b) {
      stack.push({ kind: 'array', path: childPath(), index: 0 });
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
    } else if (c === 0x2c && top) {
      if (top.kind === 'object') top.expectKey = true;
      else top.index++;
    }
  }
  return found;
}

/** Index of the closing quote of the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i;
  }
  return text.length - 1;
}

function memberPath(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
