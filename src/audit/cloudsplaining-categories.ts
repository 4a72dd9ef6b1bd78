import data from './data/cloudsplaining-categories.json' with { type: 'json' };

/**
 * cloudsplaining's risk categories (salesforce/cloudsplaining, BSD-3-Clause), derived by
 * scripts/cloudsplaining-categories.mjs into data/cloudsplaining-categories.json. Action
 * names are lower-case, as published.
 */
export interface CloudsplainingCategories {
  /** Escalation method name → the actions that together allow it. */
  readonly privilegeEscalation: Readonly<Record<string, readonly string[]>>;
  readonly dataExfiltration: readonly string[];
  readonly credentialsExposure: readonly string[];
}

export const cloudsplainingCategories: CloudsplainingCategories = data;
