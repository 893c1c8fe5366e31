// Type-level: the client registry covers the spec's operations and the client's public methods,
// both ways. (An operation without a module or a method already fails in the registry itself.)
import { describe, expectTypeOf, it } from 'vitest';
import type { OperationId } from '../generated/contract.js';
import type { ClientMethod, clientOperations } from '../src/client/operations/index.js';
import { createImsClient, type MemberSchema } from '../src/index.js';

type Registry = typeof clientOperations;
type Listed = Registry[keyof Registry]['methods'][number];

describe('the client registry', () => {
  it('is keyed by exactly the spec operations', () => {
    expectTypeOf<keyof Registry>().toEqualTypeOf<OperationId>();
  });

  it('lists every public method of the client', () => {
    expectTypeOf<Exclude<ClientMethod, Listed>>().toBeNever();
  });

  it('types showMemberSchema from the generated schema', () => {
    const client = createImsClient({ baseUrl: 'http://127.0.0.1:4010', token: 't' });
    expectTypeOf(client.showMemberSchema()).resolves.toEqualTypeOf<MemberSchema>();
    expectTypeOf<MemberSchema['name']>().toEqualTypeOf<string>();
    // @ts-expect-error the member schema takes no path parameters
    void client.showMemberSchema('member');
  });
});

describe('entry points whose types stand alone', () => {
  it("./msw's HandlerSandbox is what ./sandbox's createSandbox makes", async () => {
    const { createSandbox } = await import('../src/sandbox/index.js');
    expectTypeOf(createSandbox()).toExtend<import('../src/msw.js').HandlerSandbox>();
  });
});
