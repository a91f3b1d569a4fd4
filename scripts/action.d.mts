/** Types of scripts/action.mjs (plain JavaScript, so that the action needs nothing installed). */
export declare const INPUTS: readonly string[];
export declare const SCRIPT_OUTPUTS: readonly string[];
export declare const ALWAYS_REPORTERS: readonly string[];
export declare function inputVariable(name: string): string;
export declare class ActionError extends Error {}
export interface ActionPlan {
  /** The program to start: node (the checked-out build) or npx (the published package). */
  file: string;
  args: string[];
  /** How it is launched, for the log line. */
  launcher: string;
  outDir: string;
  reportPath: string;
}
export declare function actionPlan(env: Readonly<Record<string, string | undefined>>): ActionPlan;
export declare function outputEntry(name: string, value: string): string;
