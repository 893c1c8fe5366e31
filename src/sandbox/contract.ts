// The spec's own schemas, compiled on first use and shared by every sandbox: compiling them costs
// tens of milliseconds, and a page that never calls the sandbox should not pay for it.
import { type ContractValidator, createContractValidator } from '../validate.js';

let cache: ContractValidator | undefined;
export const contract = (): ContractValidator => {
  cache ??= createContractValidator();
  return cache;
};
