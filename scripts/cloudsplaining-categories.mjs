// Derives src/audit/data/cloudsplaining-categories.json from cloudsplaining's
// cloudsplaining/shared/constants.py (salesforce/cloudsplaining, BSD-3-Clause; credited in NOTICE).
// Only the action lists are kept (lower-cased action names, as cloudsplaining writes them):
// the privilege-escalation methods (name → actions that together allow it), the read-only
// actions it counts as data exfiltration, and the actions whose responses return credentials.
// Resource exposure needs no list: cloudsplaining takes it from the "Permissions management"
// access level, which iamtrim reads from its own action catalog.
//
// Usage:
//   node scripts/cloudsplaining-categories.mjs [constants.py path or URL]
// Default: the file at the pinned commit below. Entries are copied as published, typos and
// all (e.g. `gamelist:` for GameLift): an action no catalog knows never matches a policy.

/* global fetch */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const COMMIT = '5012eab1f7429ef3702e8f8379ed0a207ba77804';
const DEFAULT_SOURCE = `https://raw.githubusercontent.com/salesforce/cloudsplaining/${COMMIT}/cloudsplaining/shared/constants.py`;
const out = fileURLToPath(new URL('../src/audit/data/cloudsplaining-categories.json', import.meta.url));

const source = process.argv[2] ?? DEFAULT_SOURCE;
const text = /^https?:/.test(source) ? await (await fetch(source)).text() : readFileSync(source, 'utf8');

/** The text between `NAME = <open>` and its matching close bracket. */
function block(name, open, close) {
  const start = text.indexOf(`\n${name} = ${open}`);
  if (start < 0) throw new Error(`${source}: ${name} not found`);
  let depth = 0;
  for (let i = text.indexOf(open, start); i < text.length; i++) {
    if (text[i] === open) depth++;
    else if (text[i] === close && --depth === 0) return text.slice(text.indexOf(open, start) + 1, i);
  }
  throw new Error(`${source}: ${name} is not closed`);
}
const withoutComments = (s) => s.replace(/#[^\n]*/g, '');
const strings = (s) => [...withoutComments(s).matchAll(/"([^"]+)"/g)].map((m) => m[1].toLowerCase());

const escalation = {};
for (const m of withoutComments(block('PRIVILEGE_ESCALATION_METHODS', '{', '}')).matchAll(
  /"(\w+)":\s*\[([^\]]*)\]/g,
)) {
  escalation[m[1]] = strings(m[2]);
}
const data = {
  source: `salesforce/cloudsplaining@${COMMIT} cloudsplaining/shared/constants.py (BSD-3-Clause)`,
  privilegeEscalation: Object.fromEntries(Object.entries(escalation).sort(([a], [b]) => (a < b ? -1 : 1))),
  dataExfiltration: strings(block('READ_ONLY_DATA_EXFILTRATION_ACTIONS', '[', ']')).sort(),
  credentialsExposure: strings(block('ACTIONS_THAT_RETURN_CREDENTIALS', '[', ']')).sort(),
};
if (Object.keys(data.privilegeEscalation).length < 20 || data.credentialsExposure.length < 20)
  throw new Error(`${source}: fewer entries than expected; has the file's layout changed?`);
writeFileSync(out, JSON.stringify(data, null, 2) + '\n');
console.log(
  `wrote ${out}: ${Object.keys(data.privilegeEscalation).length} escalation methods, ` +
    `${data.dataExfiltration.length} exfiltration, ${data.credentialsExposure.length} credentials actions`,
);
