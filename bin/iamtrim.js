#!/usr/bin/env node
// Entry point. All behaviour lives in dist/cli/main.js (built from src/ by `npm ci`).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
