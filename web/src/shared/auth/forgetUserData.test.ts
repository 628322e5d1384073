import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { forgetUserData, type StorageArea } from './forgetUserData';

class MemoryStorage implements StorageArea {
  readonly items = new Map<string, string>();
  clear(): void {
    this.items.clear();
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

describe('forgetUserData', () => {
  it("drops the signed-in user's cached answers, typed values and storage, and keeps the site's public data and the chosen language", async () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(['auth', 'session'], { status: 'signed-out', reason: 'signed-out' });
    queryClient.setQueryData(['tenant'], { name: 'ACME' });
    queryClient.setQueryData(['users', { page: 1 }], [{ email: 'ada@acme.test' }]);
    queryClient.setQueryData(['me', 'sessions'], [{ id: 's1' }]);
    const mutation = queryClient.getMutationCache().build(queryClient, { mutationFn: async (password: string) => password });
    await mutation.execute('Secret-Password-1');
    expect(queryClient.getMutationCache().getAll()).toHaveLength(1);
    const local = new MemoryStorage();
    const session = new MemoryStorage();
    local.setItem('lectern.language', 'de');
    local.setItem('draft', 'personal notes');
    session.setItem('report-filter', 'group=7');

    forgetUserData(queryClient, [local, session], { 'lectern.language': 'de' });

    expect(queryClient.getQueryData(['users', { page: 1 }])).toBeUndefined();
    expect(queryClient.getQueryData(['me', 'sessions'])).toBeUndefined();
    expect(queryClient.getQueryData(['tenant'])).toEqual({ name: 'ACME' });
    expect(queryClient.getQueryData(['auth', 'session'])).toEqual({ status: 'signed-out', reason: 'signed-out' });
    expect(queryClient.getMutationCache().getAll()).toEqual([]);
    expect([...local.items]).toEqual([['lectern.language', 'de']]);
    expect([...session.items]).toEqual([]);
  });

  it('goes on when a storage refuses access', () => {
    const refusing: StorageArea = {
      clear: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(() => forgetUserData(new QueryClient(), [refusing], { 'lectern.language': 'en' })).not.toThrow();
  });
});
