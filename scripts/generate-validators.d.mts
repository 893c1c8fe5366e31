// Types of scripts/generate-validators.mjs, for the test that compares its output with a live ajv.
import type { Ajv2020 } from 'ajv/dist/2020.js';

export declare const SPEC_ID: string;
export declare const WORLD_ID: string;
/** The ajv options the validators are compiled with. */
export declare const ajvOptions: { allErrors: boolean; strict: boolean; validateFormats: boolean };
export interface SchemaTarget {
  /** `op.path.<name>`, `op.requestBody`, `op.response.<status>`, `schema.<name>` or `world`. */
  key: string;
  /** The schema's URI in the ajv instance: the document's ID and a JSON Pointer. */
  ref: string;
}
export declare function schemaTargets(spec: object): {
  targets: SchemaTarget[];
  operations: {
    id: string;
    pathParameters: Record<string, string>;
    requestBody: string | null;
    responses: Record<string, string | null>;
  }[];
};
export declare function createAjv(spec: object, worldSchema: object, extra?: object): Ajv2020;
export declare const readWorldSchema: () => object;
export declare function validatorsModule(spec: object, worldSchema?: object): Promise<string>;
