// Input checks before anything is sent, read from the rules `npm run generate` writes into
// generated/contract.ts (`operationRules`): JavaScript callers get no type checks, and a bad
// value must fail here, naming the field and the rule, not as a confusing answer later.
// Every schema keyword the spec uses on a request is handled: type, const, enum, pattern,
// format, minLength/maxLength, items, minItems/maxItems, uniqueItems, and oneOf-by-status bodies.
import { exampleIds } from '../../generated/contract.js';
import { ImsInputError } from '../errors.js';
import { type BodyRule, type Break, firstBreak, formats, patternOf, type Rule } from '../rules.js';

const shown = (value: unknown) => JSON.stringify(value) ?? 'undefined';

const UUID_PROBE = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

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
  if (patternOf(pattern).test(UUID_PROBE) && !patternOf(pattern).test(UUID_PROBE.replace(/-/g, ''))) {
    const example = exampleOf(field);
    return `must be ${what}${example ? ` like ${example}` : ''}: a UUID, 32 hexadecimal digits in groups of 8-4-4-4-12`;
  }
  if (value.includes('/')) return `must be ${what} without "/": it is one segment of the URL's path`;
  if (value === '.' || value === '..') return `must be ${what}, not "${value}", which would change the URL's path`;
  const example = exampleOf(field);
  return `is not a valid ${noun(field)} ID${example ? ` (one looks like ${example})` : ''}`;
}

/** A broken rule as the client says it: the field, the rule, and advice where the rule alone says little. */
function inputError(field: string, broken: Break): ImsInputError {
  const at = `${field}${broken.at}`;
  const { value } = broken;
  switch (broken.rule) {
    case 'const':
      return new ImsInputError(at, `must be ${shown(broken.expected)}, got ${shown(value)}`);
    case 'enum':
      return new ImsInputError(at, `must be one of ${broken.allowed.join(', ')}, got ${shown(value)}`);
    case 'type':
      return new ImsInputError(at, `must be ${article(broken.expected)} ${broken.expected}, got ${broken.got}`);
    case 'minLength':
      return new ImsInputError(
        at,
        broken.limit === 1 ? 'must not be empty' : `must be at least ${broken.limit} characters`,
      );
    case 'maxLength':
      return new ImsInputError(at, `must be at most ${broken.limit} characters, got ${broken.length}`);
    case 'pattern':
      return new ImsInputError(at, `must match ${broken.pattern}`, patternWords(at, broken.pattern, value as string));
    case 'format':
      // uuid is the one format the checker knows (the others are not checked).
      return new ImsInputError(
        at,
        broken.format === 'uuid' ? 'must be a UUID (format uuid)' : `must match format ${broken.format}`,
        patternWords(at, formats[broken.format]!.source, value as string),
      );
    case 'minItems':
      return new ImsInputError(
        at,
        broken.limit === 1 ? 'must not be empty' : `must hold at least ${broken.limit} items, got ${broken.count}`,
      );
    case 'maxItems':
      return new ImsInputError(at, `must hold at most ${broken.limit} items, got ${broken.count}`);
    case 'uniqueItems': {
      // `at` ends in the repeat's index; the field holding both is what precedes it.
      const list = at.replace(/\[\d+\]$/, '');
      return new ImsInputError(
        at,
        `must not repeat ${list}[${broken.first}] (uniqueItems)`,
        `repeats ${list}[${broken.first}]: each ${noun(list)} may appear once`,
      );
    }
  }
}

/** Checks one value against its rule; throws ImsInputError naming `field` and the rule broken. */
export function checkValue(field: string, rule: Rule, value: unknown): void {
  const broken = firstBreak(rule, value);
  if (broken) throw inputError(field, broken);
  if (rule.properties && typeof value === 'object' && value !== null && !Array.isArray(value))
    checkObject(value as Record<string, unknown>, rule, '');
  // Objects inside an array are read by their properties too (the shared checker leaves objects to callers).
  if (rule.items?.properties && Array.isArray(value))
    for (const [i, item] of value.entries()) checkValue(`${field}[${i}]`, rule.items, item);
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
export function checkRequestBody(rule: BodyRule, body: unknown): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ImsInputError('body', 'must be an object');
  if (!('discriminator' in rule)) {
    checkObject(body as Record<string, unknown>, rule, '');
    return;
  }
  const tag = rule.discriminator;
  // One object rule, generated as the only variant `*` of a body with no discriminator.
  if (tag === null) {
    checkObject(body as Record<string, unknown>, Object.values(rule.variants)[0]!, '');
    return;
  }
  const value = (body as Record<string, unknown>)[tag];
  if (typeof value !== 'string' || !Object.hasOwn(rule.variants, value))
    throw new ImsInputError(tag, `must be one of ${Object.keys(rule.variants).join(', ')}, got ${shown(value)}`);
  checkObject(body as Record<string, unknown>, rule.variants[value]!, ` when ${tag} is ${value}`);
}

/** Checks every path parameter against its rule; returns them as strings. */
export function checkPathParameters(
  rules: Readonly<Record<string, Rule>>,
  values: Readonly<Record<string, unknown>>,
): Record<string, string> {
  for (const [name, rule] of Object.entries(rules)) checkValue(name, rule, values[name]);
  return values as Record<string, string>;
}
