// Compiles zod schemas into small standalone parse functions for the service
// worker bundles: zod itself is about 60 KB gzip of a worker that decides
// moments on a cold start, while the worker parses only two contracts (the
// published moment rules and the push payload). The generated code walks the
// same schema objects as lib/contracts (the one source of truth) and keeps
// zod's answer: the same inputs accepted, the same output (defaults filled in,
// trimmed strings), the same inputs refused. Only refusals lose detail: the
// worker drops what it refuses and never shows zod's messages.
//
// The server reads every Segment call through parsers compiled the same way
// (lib/build/segment-parsers.ts), for speed rather than size: zod's safeParse
// was most of the CPU a /v1/batch event cost. There a refused call is parsed
// again by zod, for its message.
//
// A schema feature this compiler does not know stops the build with its path
// (never a silent pass), so a contract that grows one either gets support
// here or keeps zod out of the worker some other way. docs/perf-service-worker.md;
// tests/unit/contract-parsers.test.ts holds both parsers to the same answers.
import type { z } from 'zod';

type Schema = z.core.$ZodType;
type Check = z.core.$ZodCheck;

/** The refusal inside generated code; the exported functions return undefined instead. */
const invalid = 'F';

class Compiler {
  private readonly functions: string[] = [];
  private readonly names = new Map<Schema, string>();
  private readonly bodies = new Map<string, string>();
  /** Values built once per module rather than once per parse (a key set, a helper), by their source. */
  private readonly hoisted = new Map<string, string>();

  /** The name of the generated function that parses `schema`: one per distinct body (`text(80)` twice is one function). */
  compile(schema: Schema, path: string): string {
    const known = this.names.get(schema);
    if (known) return known;
    const body = this.body(schema, path);
    let name = this.bodies.get(body);
    if (!name) {
      name = `p${this.bodies.size}`;
      this.bodies.set(body, name);
      this.functions.push(`function ${name}(x){${body}}`);
    }
    this.names.set(schema, name);
    return name;
  }

  source(): string {
    const constants = [...this.hoisted].map(([source, name]) => `const ${name}=${source};`);
    return [...constants, ...this.functions].join('\n');
  }

  private hoist(source: string): string {
    let name = this.hoisted.get(source);
    if (!name) {
      name = `h${this.hoisted.size}`;
      this.hoisted.set(source, name);
    }
    return name;
  }

  private body(schema: Schema, path: string): string {
    const def = schema._zod.def;
    const checks = this.checks(schema, path);
    switch (def.type) {
      case 'string':
        return `if(typeof x!=="string")return ${invalid};${checks}return x;`;
      case 'number':
        return `if(typeof x!=="number"||!Number.isFinite(x))return ${invalid};${checks}return x;`;
      case 'boolean':
        return `if(typeof x!=="boolean")return ${invalid};${checks}return x;`;
      case 'unknown':
      case 'any':
        return `${checks}return x;`;
      case 'literal':
      case 'enum':
        return `if(!${this.values(schema, path)}.includes(x))return ${invalid};${checks}return x;`;
      case 'array':
        return this.array(schema as z.core.$ZodArray, path, checks);
      case 'object':
        return this.object(schema as z.core.$ZodObject, path, checks);
      case 'union':
        return this.union(schema as z.core.$ZodUnion, path, checks);
      case 'record':
        return this.record(schema as z.core.$ZodRecord, path, checks);
      case 'pipe': {
        // The output schema sees the input schema's result; a refusal on the way in stops the pipe.
        const pipe = (schema as z.core.$ZodPipe)._zod.def;
        const [into, out] = [this.compile(pipe.in, path), this.compile(pipe.out, path)];
        return `x=${into}(x);if(x===${invalid})return ${invalid};x=${out}(x);if(x===${invalid})return ${invalid};${checks}return x;`;
      }
      case 'transform': {
        const { transform } = (schema as z.core.$ZodTransform)._zod.def;
        return `x=(${transformSource(transform, path)})(x);${checks}return x;`;
      }
      case 'optional': {
        const inner = (schema as z.core.$ZodOptional)._zod.def.innerType;
        if (inner._zod.optin === 'defaulted') throw unsupported(path, 'an optional around a default');
        return `${noChecks(checks, path)}if(x===undefined)return x;return ${this.compile(inner, path)}(x);`;
      }
      case 'nullable': {
        const inner = (schema as z.core.$ZodNullable)._zod.def.innerType;
        return `${noChecks(checks, path)}if(x===null)return x;return ${this.compile(inner, path)}(x);`;
      }
      case 'default': {
        const { innerType, defaultValue } = (schema as z.core.$ZodDefault)._zod.def;
        // A fresh copy per parse, as zod's default getter gives: callers may change what they get.
        const fresh = `JSON.parse(${JSON.stringify(jsonLiteral(defaultValue, path))})`;
        return `${noChecks(checks, path)}if(x===undefined)return ${fresh};const r=${this.compile(innerType, path)}(x);return r===undefined?${fresh}:r;`;
      }
      default:
        throw unsupported(path, `zod type "${def.type}"`);
    }
  }

  private values(schema: Schema, path: string): string {
    const values = [...(schema._zod.values ?? [])];
    for (const value of values) {
      if (value === undefined || (typeof value === 'number' && !Number.isFinite(value)) || typeof value === 'bigint') {
        throw unsupported(path, `the literal ${String(value)}`);
      }
    }
    return JSON.stringify(values);
  }

  private array(schema: z.core.$ZodArray, path: string, checks: string): string {
    const element = this.compile(schema._zod.def.element, `${path}[]`);
    return (
      `if(!Array.isArray(x))return ${invalid};` +
      `const o=new Array(x.length);for(let i=0;i<x.length;i++){const r=${element}(x[i]);if(r===${invalid})return ${invalid};o[i]=r;}` +
      `x=o;${checks}return x;`
    );
  }

  private object(schema: z.core.$ZodObject, path: string, checks: string): string {
    const { shape, catchall } = schema._zod.def;
    const strict = catchall?._zod.def.type === 'never';
    const keys = Object.keys(shape);
    const parts = [`if(typeof x!=="object"||x===null||Array.isArray(x))return ${invalid};`];
    // `for…in`, as zod's own strict check: unknown keys, `__proto__` included, refuse the object.
    if (strict) parts.push(`for(const k in x)if(!${JSON.stringify(keys)}.includes(k))return ${invalid};`);
    parts.push('const o={};let r;');
    for (const key of keys) {
      const field = shape[key] as Schema;
      parts.push(this.property(key, field, `${path}.${key}`));
    }
    if (catchall && !strict) parts.push(this.catchall(catchall, keys, path));
    parts.push(`x=o;${checks}return x;`);
    return parts.join('');
  }

  /**
   * The keys a loose or passthrough object does not declare, each through its
   * catchall, in `for…in` order after the declared ones as zod's handleCatchall;
   * `__proto__` is left out, not assigned (it would replace the output's prototype).
   */
  private catchall(catchall: Schema, keys: string[], path: string): string {
    const declared = this.hoist(`new Set(${JSON.stringify(keys)})`);
    const parse = this.compile(catchall, `${path}.*`);
    return `for(const k in x){if(${declared}.has(k)||k==="__proto__")continue;r=${parse}(x[k]);if(r===${invalid})return ${invalid};o[k]=r;}`;
  }

  /**
   * A record keyed by strings, as zod's: a plain object only, its own
   * enumerable keys in order, `__proto__` left out; an enumerable symbol key
   * fails a string key schema. zod retries a failed numeric key as a number,
   * which a string key schema refuses too, so the retry changes nothing here.
   */
  private record(schema: z.core.$ZodRecord, path: string, checks: string): string {
    const { keyType, valueType, mode } = schema._zod.def;
    if (keyType._zod.def.type !== 'string' || mode === 'loose') {
      throw unsupported(path, 'a record whose keys are not plain strings');
    }
    const key = this.compile(keyType, `${path}<key>`);
    const value = this.compile(valueType, `${path}[key]`);
    const plain = this.hoist(isPlainObjectSource);
    return (
      `if(!${plain}(x))return ${invalid};` +
      `for(const s of Object.getOwnPropertySymbols(x))if(Object.prototype.propertyIsEnumerable.call(x,s))return ${invalid};` +
      `const o={};for(const k of Object.keys(x)){if(k==="__proto__")continue;const n=${key}(k);if(n===${invalid})return ${invalid};` +
      `if(n==="__proto__")continue;const r=${value}(x[k]);if(r===${invalid})return ${invalid};o[n]=r;}` +
      `x=o;${checks}return x;`
    );
  }

  /** One key, as zod's handlePropertyResult decides presence, absence and what lands in the output. */
  private property(key: string, field: Schema, path: string): string {
    const k = JSON.stringify(key);
    const { optin, optout } = field._zod;
    const parse = this.compile(field, path);
    const present = `(${k} in x)`;
    if (optin === 'optional' && optout === 'optional') {
      return `if(${present}){r=${parse}(x[${k}]);if(r===${invalid})return ${invalid};o[${k}]=r;}`;
    }
    if (optin === undefined) {
      return `if(!${present})return ${invalid};r=${parse}(x[${k}]);if(r===${invalid})return ${invalid};o[${k}]=r;`;
    }
    if (optin === 'defaulted') {
      // Absent, a defaulted field substitutes; an optional-out one may leave the key out when it fails.
      const onFail = optout === 'optional' ? `{if(${present})return ${invalid};}` : `return ${invalid};`;
      const store = optout === 'optional' ? `if(r!==undefined||${present})o[${k}]=r;` : `o[${k}]=r;`;
      return `r=${parse}(x[${k}]);if(r===${invalid})${onFail}else ${store}`;
    }
    throw unsupported(path, `a field with optin "${String(optin)}" and optout "${String(optout)}"`);
  }

  private union(schema: z.core.$ZodUnion, path: string, checks: string): string {
    // The first option that accepts wins, as zod's union; a discriminated union's
    // options differ in their discriminator, so trying them in order agrees with its lookup.
    const options = schema._zod.def.options.map((option, index) => this.compile(option, `${path}|${index}`));
    const tries = options.map((option) => `r=${option}(x);if(r!==${invalid})break a;`).join('');
    return `let r=${invalid};a:{${tries}return ${invalid};}x=r;${checks}return x;`;
  }

  /** A schema's checks (a format schema's own check first, as zod runs them), each refusing on the spot. */
  private checks(schema: Schema, path: string): string {
    const own = schema._zod.traits.has('$ZodCheck') ? [schema as unknown as Check] : [];
    return [...own, ...(schema._zod.def.checks ?? [])].map((check) => this.check(check, path)).join('');
  }

  private check(check: Check, path: string): string {
    const def = check._zod.def as z.core.$ZodCheckDef & Record<string, unknown>;
    const fail = `return ${invalid};`;
    switch (def.check) {
      case 'min_length':
        return `if(x.length<${Number(def.minimum)})${fail}`;
      case 'max_length':
        return `if(x.length>${Number(def.maximum)})${fail}`;
      case 'length_equals':
        return `if(x.length!==${Number(def.length)})${fail}`;
      case 'greater_than':
        return `if(!(x${def.inclusive ? '>=' : '>'}${numberLiteral(def.value, path)}))${fail}`;
      case 'less_than':
        return `if(!(x${def.inclusive ? '<=' : '<'}${numberLiteral(def.value, path)}))${fail}`;
      case 'number_format':
        if (def.format !== 'safeint') throw unsupported(path, `the number format "${String(def.format)}"`);
        return `if(!Number.isSafeInteger(x))${fail}`;
      case 'string_format':
        return this.stringFormat(def, path);
      case 'overwrite':
        return `x=(${functionSource(def.tx, path)})(x);`;
      case 'custom':
        if (def.when !== undefined || def.abort) throw unsupported(path, 'a refinement with `when` or `abort`');
        return `if(!(${functionSource(def.fn, path)})(x))${fail}`;
      default:
        throw unsupported(path, `the check "${String(def.check)}"`);
    }
  }

  private stringFormat(def: Record<string, unknown>, path: string): string {
    const fail = `return ${invalid};`;
    switch (def.format) {
      case 'starts_with':
        return `if(!x.startsWith(${JSON.stringify(def.prefix)}))${fail}`;
      case 'ends_with':
        return `if(!x.endsWith(${JSON.stringify(def.suffix)}))${fail}`;
      // Formats whose whole check is their pattern (zod's $ZodCheckStringFormat).
      case 'regex':
      case 'datetime':
      case 'date':
      case 'time':
      case 'uuid':
      case 'guid':
      case 'email': {
        const pattern = def.pattern;
        if (!(pattern instanceof RegExp)) throw unsupported(path, `the string format "${String(def.format)}"`);
        // A literal regex per call keeps `lastIndex` of a global pattern from leaking between parses.
        return `if(!${pattern.toString()}.test(x))${fail}`;
      }
      default:
        throw unsupported(path, `the string format "${String(def.format)}"`);
    }
  }
}

/** zod's util.isPlainObject: an object whose constructor, if any, is Object's kind (isPrototypeOf on its prototype). */
const isPlainObjectSource =
  'function(o){if(typeof o!=="object"||o===null||Array.isArray(o))return false;const c=o.constructor;' +
  'if(c===undefined||typeof c!=="function")return true;const p=c.prototype;' +
  'if(typeof p!=="object"||p===null||Array.isArray(p))return false;return Object.prototype.hasOwnProperty.call(p,"isPrototypeOf");}';

/** Wrappers (optional, nullable, default) pass checks to what they wrap; one of their own is not modelled. */
function noChecks(checks: string, path: string): string {
  if (checks !== '') throw unsupported(path, 'a check on an optional, nullable or default wrapper');
  return '';
}

const unsupported = (path: string, feature: string) =>
  new Error(`contract-parsers: ${path} uses ${feature}, which the compiled parsers do not support.`);

function numberLiteral(value: unknown, path: string): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw unsupported(path, `the bound ${String(value)}`);
  return String(value);
}

function jsonLiteral(value: unknown, path: string): string {
  const json = JSON.stringify(value);
  if (json === undefined || JSON.stringify(JSON.parse(json)) !== json) {
    throw unsupported(path, 'a default that is not plain JSON');
  }
  return json;
}

/**
 * A check's function as source text. It runs without its closure, so it may
 * use only its parameter and globals; the differential test catches one that
 * reaches further (it would throw where zod answers).
 */
function functionSource(fn: unknown, path: string): string {
  if (typeof fn !== 'function') throw unsupported(path, 'a check without a function');
  const source = (fn as (...args: unknown[]) => unknown).toString();
  if (!/^(async\s*)?(function\b|\(|[\w$]+\s*=>)/.test(source) || source.startsWith('async')) {
    throw unsupported(path, `a check function written as \`${source.slice(0, 40)}…\``);
  }
  return source;
}

/**
 * A transform's function as source: a global one (`String`) by its name, else
 * its text. One that takes zod's context as well may report issues, which the
 * compiled code has no way to.
 */
function transformSource(fn: unknown, path: string): string {
  if (typeof fn === 'function' && fn.length > 1) throw unsupported(path, 'a transform that reports issues');
  if (typeof fn === 'function' && (globalThis as Record<string, unknown>)[fn.name] === fn) return fn.name;
  return functionSource(fn, path);
}

/** Schemas by name, or tables of them (`{ page: { url: schema } }`), which export as objects of parsers. */
export interface ParserTable {
  [name: string]: Schema | ParserTable;
}

const isSchema = (entry: Schema | ParserTable): entry is Schema => '_zod' in entry;

/** A parser (or a table of them) as an expression: the parsed value, or undefined where the schema refuses. */
function exported(compiler: Compiler, entry: Schema | ParserTable, path: string): string {
  if (!isSchema(entry)) {
    const members = Object.entries(entry).map(
      ([key, inner]) => `${JSON.stringify(key)}:${exported(compiler, inner, `${path}.${key}`)}`,
    );
    return `{${members.join(',')}}`;
  }
  if (entry._zod.optout === 'optional') throw unsupported(path, 'an optional root (undefined would be ambiguous)');
  const root = compiler.compile(entry, path);
  return `(input)=>{const r=${root}(input);return r===${invalid}?undefined:r;}`;
}

/**
 * An ES module exporting one `name(input)` per schema (an object of them per
 * table): the parsed value, or undefined where the schema refuses the input.
 */
export function compileParsers(schemas: ParserTable): string {
  const compiler = new Compiler();
  const exports = Object.entries(schemas).map(
    ([name, entry]) => `export const ${name}=${exported(compiler, entry, name)};`,
  );
  return [`const ${invalid}=Symbol("invalid");`, compiler.source(), ...exports].join('\n');
}
