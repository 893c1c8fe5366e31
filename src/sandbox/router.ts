// Routing by the spec: every operation's method and path template from generated/contract.ts,
// matched with the generated `matchPath`. What `matchPath` cannot match (an empty segment, a
// malformed percent-escape such as `%` or `%ff`) still reaches its operation when the path has
// the template's shape, marked malformed, so the operation answers its own 400 rather than a 404.

import { matchPath, type OperationId, operationIds, operationRules } from '../../generated/contract.js';

export type Route =
  | { kind: 'operation'; operation: OperationId; params: Record<string, string>; malformed: boolean }
  | { kind: 'method'; allow: string[] }
  | { kind: 'none' };

interface Template {
  path: string;
  segments: string[];
  /** How many segments are fixed text: with two templates matching, the more literal one wins. */
  literals: number;
  methods: Map<string, OperationId>;
}

const isParameter = (segment: string) => /^\{[^}]+\}$/.test(segment);

const templates: Template[] = [];
for (const id of operationIds) {
  const { path, method } = operationRules[id];
  let template = templates.find((t) => t.path === path);
  if (!template) {
    const segments = path.split('/');
    template = { path, segments, literals: segments.filter((s) => !isParameter(s)).length, methods: new Map() };
    templates.push(template);
  }
  template.methods.set(method, id);
}
templates.sort((a, b) => b.literals - a.literals);

/** The template's parameters, raw: for a path `matchPath` refused because of a value, not of its shape. */
function shapeMatch(template: Template, pathname: string): Record<string, string> | undefined {
  const actual = pathname.split('/');
  if (actual.length !== template.segments.length) return undefined;
  const values: Record<string, string> = {};
  for (const [i, segment] of template.segments.entries()) {
    if (isParameter(segment)) values[segment.slice(1, -1)] = actual[i]!;
    else if (segment !== actual[i]) return undefined;
  }
  return values;
}

/** Finds the operation for a method and a path (without its query). */
export function route(method: string, pathname: string): Route {
  // Exact matches first, so a malformed value never shadows a path another template decodes.
  for (const pass of ['decoded', 'shape'] as const)
    for (const template of templates) {
      const params = pass === 'decoded' ? matchPath(template.path, pathname) : shapeMatch(template, pathname);
      if (!params) continue;
      const operation = template.methods.get(method);
      if (!operation) return { kind: 'method', allow: [...template.methods.keys()] };
      return { kind: 'operation', operation, params, malformed: pass === 'shape' };
    }
  return { kind: 'none' };
}
