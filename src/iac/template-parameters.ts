import { isMap, isScalar } from 'yaml';
import { parseTemplateDocument } from './cloudformation/template-resources.js';

/**
 * A CloudFormation/SAM template's parameter defaults that are plain values, by name
 * (they only help to resolve expressions; an unparsable template has none).
 */
export function templateParameterDefaults(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const parameters = parseTemplateDocument(text)?.get('Parameters');
  if (!isMap(parameters)) return out;
  for (const pair of parameters.items) {
    const name = isScalar(pair.key) ? pair.key.value : undefined;
    const value = isMap(pair.value) ? pair.value.get('Default', true) : undefined;
    // Parameter names are alphanumeric; anything else is not a name to look up.
    if (typeof name !== 'string' || !/^[A-Za-z0-9]+$/.test(name)) continue;
    if (!isScalar(value) || value.tag?.startsWith('!')) continue;
    const text = ['string', 'number', 'boolean'].includes(typeof value.value)
      ? String(value.value).trim()
      : '';
    if (text !== '') out[name] = text;
  }
  return out;
}
