/**
 * ajv, loaded on first use rather than at import time. ajv and ajv-formats are CommonJS: requiring them
 * costs ~70 ms and ~8 MB, which `--version`, `--help`, `list` and a run's first scenario should not pay for
 * a validator they may never use. The require is synchronous, so the callers stay synchronous too.
 * Only types are imported statically (erased at build time).
 */
import { createRequire } from 'node:module';
import type { Ajv, Options } from 'ajv';

const require = createRequire(import.meta.url);

/** The JSON Schema dialects ajv is used with here. */
export type AjvDialect = '2020-12' | '2019-09' | 'draft-07';

/** The classes and plugin, required on first call (Node caches the modules afterwards). */
interface AjvModules {
  Ajv: new (options?: Options) => Ajv;
  Ajv2019: new (options?: Options) => Ajv;
  Ajv2020: new (options?: Options) => Ajv;
  addFormats: (ajv: Ajv, formats?: string[]) => Ajv;
}

let modules: AjvModules | undefined;

function load(): AjvModules {
  if (!modules) {
    modules = {
      Ajv: (require('ajv') as { Ajv: AjvModules['Ajv'] }).Ajv,
      Ajv2019: (require('ajv/dist/2019') as { Ajv2019: AjvModules['Ajv2019'] }).Ajv2019,
      Ajv2020: (require('ajv/dist/2020') as { Ajv2020: AjvModules['Ajv2020'] }).Ajv2020,
      // The package's module.exports is the plugin, with the same function as `.default`.
      addFormats: (require('ajv-formats') as { default: AjvModules['addFormats'] }).default,
    };
  }
  return modules;
}

/** A new ajv instance for the dialect, with ajv-formats added (all formats, or the ones named). */
export function newAjv(dialect: AjvDialect, options: Options, formats?: string[]): Ajv {
  const { Ajv, Ajv2019, Ajv2020, addFormats } = load();
  const ajv = dialect === '2020-12' ? new Ajv2020(options) : dialect === '2019-09' ? new Ajv2019(options) : new Ajv(options);
  addFormats(ajv, formats);
  return ajv;
}
