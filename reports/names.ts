/**
 * The reporters' names, in the order `--help` lists them, apart from the reporters themselves: the command line
 * parses and documents `--reporter` with these alone, so `--help` and `list` never load a renderer.
 * reports/index.ts maps every name to its reporter (the type system holds the two lists equal).
 */
export const REPORTER_NAMES = ['console', 'json', 'junit', 'badge', 'markdown', 'html', 'github-output'] as const;

export type ReporterName = (typeof REPORTER_NAMES)[number];
