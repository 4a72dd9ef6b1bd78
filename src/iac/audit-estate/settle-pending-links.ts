import type { EstateDraft, FunctionDraft } from './estate-draft.js';

/**
 * Settles what names its function by reference (Terraform permissions, URLs, mappings)
 * against the functions of the whole unit: by address, or by the literal name or ARN
 * written. What names a function the unit does not declare becomes a `skipped` entry.
 */
export function settlePendingLinks(draft: EstateDraft): void {
  for (const link of draft.pending.splice(0)) {
    const f = link.address !== undefined ? draft.functions.get(link.address) : byName(draft, link.name);
    if (f) link.apply(f);
    else
      draft.skipped.push({
        what: link.what,
        reason:
          link.written === undefined
            ? 'it names no function'
            : `its function ${link.written} is not a function of the files read`,
      });
  }
}

function byName(draft: EstateDraft, written: string | undefined): FunctionDraft | undefined {
  // A name, a partial ARN (`123456789012:function:name`) or a full one, maybe with a qualifier.
  const m = written === undefined ? undefined : /(?:^|:function:)([A-Za-z0-9_-]+)(?::[^:]+)?$/.exec(written);
  const name = m?.[1];
  return name === undefined ? undefined : [...draft.functions.values()].find((f) => f.name === name);
}
