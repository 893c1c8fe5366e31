// A value against one of the generated parameter rules (generated/contract.ts `operationRules`):
// the few JSON Schema keywords a path parameter uses, checked without ajv. Loading a world of
// 100,000 images checks 100,000 IDs; through the general validator that alone took 1.5 s.

export interface ParameterRule {
  readonly type?: string;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly enum?: readonly unknown[];
  readonly format?: string;
}

/** The formats a parameter may name that this checker knows; others are left to the validator. */
const formats: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};

const patterns = new Map<string, RegExp>();

/** The first rule a value breaks, as `{ rule, message }` (the keyword and a sentence), or undefined. */
/** Whether every parameter of a request keeps its rule. */
export function keepsRules(rules: Readonly<Record<string, ParameterRule>>, values: Readonly<Record<string, string>>) {
  for (const [name, rule] of Object.entries(rules)) if (breaks(rule, values[name])) return false;
  return true;
}

export function breaks(rule: ParameterRule, value: unknown): { rule: string; message: string } | undefined {
  if (rule.type === 'string' && typeof value !== 'string') return { rule: 'type', message: 'must be a string' };
  if (typeof value !== 'string') return undefined;
  // JSON Schema counts lengths in code points.
  const length = rule.minLength === undefined && rule.maxLength === undefined ? 0 : [...value].length;
  if (rule.minLength !== undefined && length < rule.minLength)
    return { rule: 'minLength', message: `must not have fewer than ${rule.minLength} characters` };
  if (rule.maxLength !== undefined && length > rule.maxLength)
    return { rule: 'maxLength', message: `must not have more than ${rule.maxLength} characters` };
  if (rule.pattern !== undefined) {
    let pattern = patterns.get(rule.pattern);
    if (!pattern) {
      pattern = new RegExp(rule.pattern, 'u');
      patterns.set(rule.pattern, pattern);
    }
    if (!pattern.test(value)) return { rule: 'pattern', message: `must match pattern "${rule.pattern}"` };
  }
  const format = rule.format === undefined ? undefined : formats[rule.format];
  if (format && !format.test(value)) return { rule: 'format', message: `must match format "${rule.format}"` };
  if (rule.enum && !rule.enum.includes(value))
    return { rule: 'enum', message: `must be one of ${rule.enum.map((v) => JSON.stringify(v)).join(', ')}` };
  return undefined;
}
