// The report moved to model/ so that synthesize/ need not import render/; kept for old importers.
export type { SuggestReport } from '../model/suggest-report.js';
