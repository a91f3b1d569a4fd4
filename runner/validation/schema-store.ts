import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Ajv, AnySchemaObject, ValidateFunction } from 'ajv';
import { packageRoot } from '../paths.js';
import { describeRevision, type Revision } from '../revisions.js';
import { newAjv } from '../util/ajv.js';
import type { MethodCatalogue } from './types.js';

/**
 * One revision's vendored schema, registered with ajv but compiled only piecewise on demand: compiling
 * a whole MCP schema up front costs hundreds of milliseconds, and a run usually needs a dozen definitions.
 */
export class SchemaStore {
  readonly revision: Revision;
  /** `definitions` (draft-07 schemas, up to 2025-06-18) or `$defs` (2020-12, from 2025-11-25). */
  readonly defsKey: 'definitions' | '$defs';
  readonly defs: Readonly<Record<string, AnySchemaObject>>;
  readonly catalogue: MethodCatalogue;
  private readonly ajv: Ajv;
  private readonly id: string;
  private readonly compiled = new Map<string, ValidateFunction>();
  private pointers: Map<unknown, string> | undefined;
  private readonly raw: AnySchemaObject;

  constructor(revision: Revision) {
    this.revision = revision;
    const dir = join(packageRoot, 'schemas', revision);
    this.raw = JSON.parse(readFileSync(join(dir, 'schema.json'), 'utf8')) as AnySchemaObject;
    this.catalogue = readCatalogue(join(dir, 'catalogue.json'), revision);
    const { schema } = describeRevision(revision);
    const defs: unknown = this.raw[schema.definitions];
    if (typeof defs !== 'object' || defs === null) throw new Error(`schemas/${revision}/schema.json has no ${schema.definitions}`);
    this.defs = defs as Record<string, AnySchemaObject>;
    this.defsKey = schema.definitions;
    const is2020 = schema.dialect === '2020-12';
    const options = {
      allErrors: true,
      // The official schemas use union types and other constructs strict mode complains about.
      strict: false,
      // Trusted, vendored input: skipping meta-schema validation saves 30-80 ms per revision.
      validateSchema: false,
      // verbose puts the failing schema node and data on each error; the anyOf collapse needs both.
      verbose: true,
    };
    this.ajv = newAjv(is2020 ? '2020-12' : 'draft-07', options);
    this.id = `mcp-schema:${revision}`;
    this.ajv.addSchema(this.raw, this.id);
  }

  /** JSON pointer of a named definition, e.g. `/$defs/InitializeResult`. */
  pointerOfDefinition(name: string): string {
    return `/${this.defsKey}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  }

  /** Own definitions only (`toString` is not a definition). */
  hasDefinition(name: string): boolean {
    return Object.hasOwn(this.defs, name);
  }

  /** The validator of any node of the schema, by JSON pointer; compiled on first use, then cached. */
  validator(pointer: string): ValidateFunction {
    let validate = this.compiled.get(pointer);
    if (!validate) {
      validate = this.ajv.getSchema(`${this.id}#${pointer}`);
      if (!validate) throw new Error(`schemas/${this.revision}/schema.json has nothing at ${pointer}`);
      this.compiled.set(pointer, validate);
    }
    return validate;
  }

  /**
   * Where a schema node sits, by object identity (ajv hands back the very objects it was given).
   * Built on first use only: it is needed to explain anyOf failures, not to validate.
   */
  pointerOf(node: unknown): string | undefined {
    if (!this.pointers) {
      const pointers = new Map<unknown, string>();
      const walk = (value: unknown, pointer: string): void => {
        if (typeof value !== 'object' || value === null) return;
        pointers.set(value, pointer);
        for (const [key, child] of Object.entries(value)) {
          walk(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
        }
      };
      walk(this.raw, '');
      this.pointers = pointers;
    }
    return this.pointers.get(node);
  }
}

function readCatalogue(file: string, revision: Revision): MethodCatalogue {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<MethodCatalogue>;
  if (parsed.revision !== revision || !Array.isArray(parsed.methods)) {
    throw new Error(`${file} is not the method catalogue of ${revision}: run npm run gen`);
  }
  return { revision, methods: parsed.methods };
}
