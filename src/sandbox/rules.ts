// A value against one of the generated parameter rules (generated/contract.ts `operationRules`),
// by the checker the client shares (src/rules.ts), in the words a validator would use.
import { firstBreak, type Rule } from '../rules.js';

export type ParameterRule = Rule;

/** Whether every parameter of a request keeps its rule. */
export function keepsRules(rules: Readonly<Record<string, ParameterRule>>, values: Readonly<Record<string, string>>) {
  for (const [name, rule] of Object.entries(rules)) if (firstBreak(rule, values[name])) return false;
  return true;
}

/** The first rule a value breaks, as `{ rule, message }` (the keyword and a sentence), or undefined. */
export function breaks(rule: ParameterRule, value: unknown): { rule: string; message: string } | undefined {
  const broken = firstBreak(rule, value);
  if (!broken) return undefined;
  switch (broken.rule) {
    case 'type':
      return { rule: 'type', message: `must be ${/^[aeiou]/.test(broken.expected) ? 'an' : 'a'} ${broken.expected}` };
    case 'minLength':
      return { rule: 'minLength', message: `must not have fewer than ${broken.limit} characters` };
    case 'maxLength':
      return { rule: 'maxLength', message: `must not have more than ${broken.limit} characters` };
    case 'pattern':
      return { rule: 'pattern', message: `must match pattern "${broken.pattern}"` };
    case 'format':
      return { rule: 'format', message: `must match format "${broken.format}"` };
    case 'enum':
      return { rule: 'enum', message: `must be one of ${broken.allowed.map((v) => JSON.stringify(v)).join(', ')}` };
    default:
      // Keywords a parameter rule does not use (const, items...): said as the keyword.
      return { rule: broken.rule, message: `must satisfy ${broken.rule}` };
  }
}
