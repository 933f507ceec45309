// Optional peers per entry point, for entries that cannot load (or type-check) without one.
// Entries not listed here must load and type-check with nothing but the package installed.
// `peers`: installed (at `versions`) for the checks that load, type-check and run the entry;
// without them, importing the entry must fail with an error that names one of them.
export const entryPeers = {
  'durable-lambda/testing/vitest': { peers: ['vitest'], versions: { vitest: '^4' }, project: 'vitest' },
  // Entries other branches add; listed so that their checks know the peers to install.
// (durable-lambda/eslint loads bare: its rules import nothing from ESLint; test/consumer/projects/eslint.mjs runs it.)
// (durable-lambda/otel loads bare: @opentelemetry/api is imported on first use; bare.mjs checks the one-line error.)
  'durable-lambda/cdk': { peers: ['aws-cdk-lib', 'constructs'], versions: { 'aws-cdk-lib': '^2.237.0', constructs: '^10' } },
};

/** The peers of an entry ([] when it needs none). */
export const peersOf = (specifier) => entryPeers[specifier]?.peers ?? [];
