/** Types of bench/options.mjs (the bench is plain JavaScript, run with node as it is). */
export declare const TARGETS: readonly string[];
export declare const TRANSPORTS: readonly string[];
export declare const REVISION_SETS: readonly string[];
export declare const COLD_STARTS: readonly string[];
export declare const SCALE_TARGET: string;
/** `optIn`: left out unless a filter starts with the row's id (the slow scale rows). */
export type Row = { id: string; kind: 'series'; target: string; transport: string; set: string; optIn?: true } | { id: string; kind: 'cold'; args: string[] };
export declare function allRows(): Row[];
export declare const USAGE: string;
export declare class BenchUsageError extends Error {}
export interface BenchOptions {
  only: string[];
  runs: number;
  coldRuns: number;
  pairs: number;
  compare: string | undefined;
  json: boolean;
  help: boolean;
  /** Arguments after `--`, appended to our runs. */
  extra: string[];
}
export declare function parseOptions(argv: readonly string[], env?: Readonly<Record<string, string | undefined>>): BenchOptions;
export declare function selectRows(options: Pick<BenchOptions, 'only' | 'compare'>): Row[];
export declare function shellWord(word: string): string;
export declare function fillCommand(template: string, values: { url?: string; command?: string; spec: string; out: string }): { command: string; skip?: undefined } | { skip: string; command?: undefined };
export declare function median(values: readonly number[]): number;
export declare function spread(values: readonly number[], digits?: number): string;
export declare function table(rows: readonly (readonly (string | number)[])[]): string;
