// The one checker of the generated value rules (generated/contract.ts `operationRules`: the JSON
// Schema keywords a request value of this spec uses), shared by the client's input checks
// (src/client/input.ts) and the sandbox (src/sandbox/rules.ts). It says which rule a value breaks
// and the facts needed to say why; each caller words it its own way (the client for a programmer,
// the sandbox as a validator would). No ajv: loading a sandbox world of 100,000 images checks
// 100,000 IDs, and the general validator took 1.5 s for that alone.

/** A request value's rule, as generated/contract.ts writes it (a JSON Schema subset). */
export interface Rule {
  readonly type?: string;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly format?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly items?: Rule;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, Rule>>;
}

/** A body: one object rule, or variants picked by a discriminator (`status`). */
export type BodyRule = Rule | { discriminator: string | null; variants: Readonly<Record<string, Rule>> };

/**
 * The first rule a value breaks. `at` is where, below the value checked: `''` for the value
 * itself, `[2]` for its third item (arrays' items are checked, in order, before `uniqueItems`).
 */
export type Break = { at: string; value: unknown } & (
  | { rule: 'const'; expected: unknown }
  | { rule: 'enum'; allowed: readonly unknown[] }
  | { rule: 'type'; expected: string; got: string }
  | { rule: 'minLength' | 'maxLength'; limit: number; length: number }
  | { rule: 'pattern'; pattern: string }
  | { rule: 'format'; format: string }
  | { rule: 'minItems' | 'maxItems'; limit: number; count: number }
  | { rule: 'uniqueItems'; first: number }
);

/** The formats this checker knows; a rule naming another format is not checked for it. */
export const formats: Readonly<Record<string, RegExp>> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};

const patterns = new Map<string, RegExp>();
/** A rule's pattern, compiled once (Unicode, as JSON Schema reads it). */
export function patternOf(pattern: string): RegExp {
  let compiled = patterns.get(pattern);
  if (!compiled) {
    compiled = new RegExp(pattern, 'u');
    patterns.set(pattern, compiled);
  }
  return compiled;
}

/** The JSON type of a value, as JSON Schema names it (`integer` aside). */
export const jsonTypeOf = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : (typeof value as string);

/**
 * The first rule `value` breaks, or undefined. Order: const, enum, type, then a string's
 * minLength, maxLength, pattern, format, then an array's minItems, maxItems, items, uniqueItems.
 * Objects' `required` and `properties` are the caller's (the client reads a body its own way).
 */
export function firstBreak(rule: Rule, value: unknown): Break | undefined {
  if (rule.const !== undefined && value !== rule.const) return { at: '', value, rule: 'const', expected: rule.const };
  if (rule.enum && !rule.enum.includes(value)) return { at: '', value, rule: 'enum', allowed: rule.enum };
  if (rule.type !== undefined) {
    const got = jsonTypeOf(value);
    if (rule.type === 'integer' ? !Number.isInteger(value) : rule.type !== got)
      return { at: '', value, rule: 'type', expected: rule.type, got };
  }
  if (typeof value === 'string') {
    // JSON Schema counts lengths in code points; counted only when a rule needs it.
    const length = rule.minLength === undefined && rule.maxLength === undefined ? 0 : [...value].length;
    if (rule.minLength !== undefined && length < rule.minLength)
      return { at: '', value, rule: 'minLength', limit: rule.minLength, length };
    if (rule.maxLength !== undefined && length > rule.maxLength)
      return { at: '', value, rule: 'maxLength', limit: rule.maxLength, length };
    if (rule.pattern !== undefined && !patternOf(rule.pattern).test(value))
      return { at: '', value, rule: 'pattern', pattern: rule.pattern };
    const format = rule.format === undefined ? undefined : formats[rule.format];
    if (format && !format.test(value)) return { at: '', value, rule: 'format', format: rule.format! };
  }
  if (Array.isArray(value)) {
    if (rule.minItems !== undefined && value.length < rule.minItems)
      return { at: '', value, rule: 'minItems', limit: rule.minItems, count: value.length };
    if (rule.maxItems !== undefined && value.length > rule.maxItems)
      return { at: '', value, rule: 'maxItems', limit: rule.maxItems, count: value.length };
    if (rule.items)
      for (const [i, item] of value.entries()) {
        const broken = firstBreak(rule.items, item);
        if (broken) return { ...broken, at: `[${i}]${broken.at}` };
      }
    if (rule.uniqueItems) {
      const seen = new Map<unknown, number>();
      for (const [i, item] of value.entries()) {
        const first = seen.get(item);
        if (first !== undefined) return { at: `[${i}]`, value: item, rule: 'uniqueItems', first };
        seen.set(item, i);
      }
    }
  }
  return undefined;
}
