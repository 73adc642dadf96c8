import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit';
import type { Settled } from './group-commit';

/** A writer whose groups finish when the test says so; it records every group it was given. */
function controlledWriter(answer: (item: number) => Settled<string> = (item) => ({ ok: true, value: `stored ${item}` })) {
  const groups: number[][] = [];
  const pending: (() => void)[] = [];
  const write = (items: number[]) => {
    groups.push(items);
    return new Promise<Settled<string>[]>((resolve) => pending.push(() => resolve(items.map(answer))));
  };
  const finishNext = async () => {
    await Promise.resolve();
    pending.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { groups, write, finishNext };
}

describe('group commit', () => {
  it('writes a lone write at once and groups the writes that arrive while a group is being written', async () => {
    const writer = controlledWriter();
    const commit = new GroupCommit(writer.write);
    const first = commit.submit(1);
    const later = [commit.submit(2), commit.submit(3), commit.submit(4)];
    expect(writer.groups).toEqual([[1]]);
    await writer.finishNext();
    await expect(first).resolves.toBe('stored 1');
    expect(writer.groups).toEqual([[1], [2, 3, 4]]);
    await writer.finishNext();
    await expect(Promise.all(later)).resolves.toEqual(['stored 2', 'stored 3', 'stored 4']);
  });

  it('answers no write before its group has been written', async () => {
    const writer = controlledWriter();
    const commit = new GroupCommit(writer.write);
    let settled = false;
    const write = commit.submit(1).then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    await writer.finishNext();
    await write;
    expect(settled).toBe(true);
  });

  it('caps a group at the size given', async () => {
    const writer = controlledWriter();
    const commit = new GroupCommit(writer.write, 2);
    const writes = [1, 2, 3, 4, 5].map((n) => commit.submit(n));
    for (let i = 0; i < 3; i++) await writer.finishNext();
    await Promise.all(writes);
    expect(writer.groups).toEqual([[1], [2, 3], [4, 5]]);
  });

  it('fails only the write that was refused', async () => {
    const writer = controlledWriter((item) =>
      item === 3 ? { ok: false, error: new Error('refused 3') } : { ok: true, value: `stored ${item}` },
    );
    const commit = new GroupCommit(writer.write);
    const first = commit.submit(1);
    const others = [2, 3, 4].map((n) => commit.submit(n).catch((error: Error) => error.message));
    await writer.finishNext();
    await writer.finishNext();
    await first;
    await expect(Promise.all(others)).resolves.toEqual(['stored 2', 'refused 3', 'stored 4']);
  });

  it('retries each write of a failed group alone, so one that cannot be stored takes no other with it', async () => {
    const calls: number[][] = [];
    const commit = new GroupCommit<number, string>(async (items) => {
      calls.push(items);
      await new Promise((resolve) => setImmediate(resolve));
      if (items.includes(3)) throw new Error('constraint violated by 3');
      return items.map((item) => ({ ok: true, value: `stored ${item}` }));
    });
    const results = [1, 2, 3, 4].map((n) => commit.submit(n).catch((error: Error) => error.message));
    await expect(Promise.all(results)).resolves.toEqual(['stored 1', 'stored 2', 'constraint violated by 3', 'stored 4']);
    expect(calls).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });
});
