// Input checks before anything is sent, read from the rules `npm run generate` writes into
// generated/contract.ts (`operationRules`): JavaScript callers get no type checks, and a bad
// value must fail here, naming the field and the rule, not as a confusing answer later.
// Every schema keyword the spec uses on a request is handled: type, const, enum, pattern,
// format, minLength/maxLength, items, minItems/maxItems, uniqueItems, and oneOf-by-status bodies.
import { exampleIds } from '../../generated/contract.js';
import { ImsInputError } from '../errors.js';

/** A request value's rule, as generated/contract.ts writes it (a JSON Schema subset). */
export interface Rule {
  type?: string;
  const?: unknown;
  enum?: readonly unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  items?: Rule;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minimum?: number;
  maximum?: number;
  required?: readonly string[];
  properties?: Readonly<Record<string, Rule>>;
}

/** A body: one object rule, or variants picked by a discriminator (`status`); null: one variant, `*`. */
export type BodyRule = Rule | { discriminator: string | null; variants: Readonly<Record<string, Rule>> };

const patterns = new Map<string, RegExp>();
const regex = (pattern: string) => {
  let compiled = patterns.get(pattern);
  if (compiled) return compiled;
  compiled = new RegExp(pattern, 'u');
  patterns.set(pattern, compiled);
  return compiled;
};

const typeName = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
const shown = (value: unknown) => JSON.stringify(value) ?? 'undefined';

const UUID_PROBE = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `images[2]` or `image_id` -> `image`: what one value of the field names. */
const noun = (field: string) =>
  field
    .replace(/\[\d+\]$/, '')
    .replace(/_ids?$/, '')
    .replace(/s$/, '')
    .replace(/_/g, ' ');
const article = (word: string) => (/^[aeiou]/i.test(word) ? 'an' : 'a');
const exampleOf = (field: string) =>
  (exampleIds as Record<string, string>)[`${noun(field).replace(/ /g, '_')}_id`] ??
  (exampleIds as Record<string, string>)[field];

/** Why `value` breaks `pattern`, in words; the rule itself stays in `.rule`. */
function patternWords(field: string, pattern: string, value: string): string {
  const what = `${article(noun(field))} ${noun(field)} ID`;
  // A pattern that takes a UUID and nothing UUID-less is the spec's UUID rule, whatever its spelling.
  if (regex(pattern).test(UUID_PROBE) && !regex(pattern).test(UUID_PROBE.replace(/-/g, ''))) {
    const example = exampleOf(field);
    return `must be ${what}${example ? ` like ${example}` : ''}: a UUID, 32 hexadecimal digits in groups of 8-4-4-4-12`;
  }
  if (value.includes('/')) return `must be ${what} without "/": it is one segment of the URL's path`;
  if (value === '.' || value === '..') return `must be ${what}, not "${value}", which would change the URL's path`;
  const example = exampleOf(field);
  return `is not a valid ${noun(field)} ID${example ? ` (one looks like ${example})` : ''}`;
}

/** Checks one value against its rule; throws ImsInputError naming `field` and the rule broken. */
export function checkValue(field: string, rule: Rule, value: unknown): void {
  const type = typeName(value);
  if (rule.const !== undefined && value !== rule.const)
    throw new ImsInputError(field, `must be ${shown(rule.const)}, got ${shown(value)}`);
  if (rule.enum && !rule.enum.includes(value))
    throw new ImsInputError(field, `must be one of ${rule.enum.join(', ')}, got ${shown(value)}`);
  if (rule.type === 'integer' ? !Number.isInteger(value) : rule.type !== undefined && rule.type !== type)
    throw new ImsInputError(field, `must be ${article(rule.type!)} ${rule.type}, got ${type}`);
  if (typeof value === 'string') {
    const length = rule.minLength === undefined && rule.maxLength === undefined ? 0 : [...value].length; // code points, as JSON Schema counts
    if (rule.minLength !== undefined && length < rule.minLength)
      throw new ImsInputError(
        field,
        rule.minLength === 1 ? 'must not be empty' : `must be at least ${rule.minLength} characters`,
      );
    if (rule.maxLength !== undefined && length > rule.maxLength)
      throw new ImsInputError(field, `must be at most ${rule.maxLength} characters, got ${length}`);
    if (rule.pattern !== undefined && !regex(rule.pattern).test(value))
      throw new ImsInputError(field, `must match ${rule.pattern}`, patternWords(field, rule.pattern, value));
    if (rule.format === 'uuid' && !UUID.test(value))
      throw new ImsInputError(field, 'must be a UUID (format uuid)', patternWords(field, UUID.source, value));
  }
  if (typeof value === 'number') {
    if (rule.minimum !== undefined && value < rule.minimum)
      throw new ImsInputError(field, `must be at least ${rule.minimum}, got ${value}`);
    if (rule.maximum !== undefined && value > rule.maximum)
      throw new ImsInputError(field, `must be at most ${rule.maximum}, got ${value}`);
  }
  if (Array.isArray(value)) {
    if (rule.minItems !== undefined && value.length < rule.minItems)
      throw new ImsInputError(
        field,
        rule.minItems === 1 ? 'must not be empty' : `must hold at least ${rule.minItems} items, got ${value.length}`,
      );
    if (rule.maxItems !== undefined && value.length > rule.maxItems)
      throw new ImsInputError(field, `must hold at most ${rule.maxItems} items, got ${value.length}`);
    if (rule.items) for (const [i, item] of value.entries()) checkValue(`${field}[${i}]`, rule.items, item);
    if (rule.uniqueItems) {
      const seen = new Map<unknown, number>();
      for (const [i, item] of value.entries()) {
        const first = seen.get(item);
        if (first !== undefined)
          throw new ImsInputError(
            `${field}[${i}]`,
            `must not repeat ${field}[${first}] (uniqueItems)`,
            `repeats ${field}[${first}]: each ${noun(field)} may appear once`,
          );
        seen.set(item, i);
      }
    }
  }
  if (rule.properties && type === 'object') checkObject(value as Record<string, unknown>, rule, '');
}

/**
 * An object against its properties: required ones present, no others (the client sends only
 * what the contract names, so a misspelled field fails here), each property by its rule.
 */
function checkObject(body: Record<string, unknown>, rule: Rule, when: string): void {
  for (const name of rule.required ?? [])
    if (!(name in body) || body[name] === undefined) throw new ImsInputError(name, `is required${when}`);
  for (const [field, value] of Object.entries(body)) {
    const property = rule.properties?.[field];
    if (!property) throw new ImsInputError(field, `is not allowed${when || ' in this request'}`);
    checkValue(field, property, value);
  }
}

/** Checks a request body against its generated rule. */
export function checkBody(rule: BodyRule, body: unknown): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ImsInputError('body', 'must be an object');
  if (!('discriminator' in rule)) {
    checkObject(body as Record<string, unknown>, rule, '');
    return;
  }
  const tag = rule.discriminator;
  // A body of one shape (the batch add and delete): its rule is the one variant.
  if (tag === null) {
    checkObject(body as Record<string, unknown>, rule.variants['*'] ?? {}, '');
    return;
  }
  const value = (body as Record<string, unknown>)[tag];
  if (typeof value !== 'string' || !Object.hasOwn(rule.variants, value))
    throw new ImsInputError(tag, `must be one of ${Object.keys(rule.variants).join(', ')}, got ${shown(value)}`);
  checkObject(body as Record<string, unknown>, rule.variants[value]!, ` when ${tag} is ${value}`);
}

/** Checks every path parameter against its rule; returns them as strings. */
export function checkPath(
  rules: Readonly<Record<string, Rule>>,
  values: Readonly<Record<string, unknown>>,
): Record<string, string> {
  for (const [name, rule] of Object.entries(rules)) checkValue(name, rule, values[name]);
  return values as Record<string, string>;
}

/**
 * Checks the query parameters sent (an absent one keeps the service's default) against their
 * rules; returns the query string, `?` included, or '' when none is sent.
 */
export function checkQuery(rules: Readonly<Record<string, Rule>>, values: Readonly<Record<string, unknown>>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const rule = rules[name];
    if (!rule) throw new ImsInputError(name, 'is not a query parameter of this call');
    checkValue(name, rule, value);
    query.set(name, String(value));
  }
  const text = query.toString();
  return text && `?${text}`;
}
