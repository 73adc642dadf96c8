/**
 * Group commit: concurrent writes of one kind share a transaction. While one group is being
 * written, new writes queue; when it commits, the next group takes everything queued (up to
 * `maxGroup`). A lone write is written at once, so there is no waiting at low load, and under load
 * the serial part of a write (the audit chain head, the map-cell rows, the commit's flush) is paid
 * once per group instead of once per write.
 *
 * Each write's promise settles only after its group has committed: a success is durable. `write`
 * answers each item with a value or the error that item alone failed with (a refused label, say);
 * when the group itself fails, each of its writes is retried alone, so a write that cannot be
 * stored fails by itself and never takes the others with it.
 */
export type Settled<Out> = { ok: true; value: Out } | { ok: false; error: unknown };

export class GroupCommit<In, Out> {
  private queue: { item: In; resolve: (value: Out) => void; reject: (error: unknown) => void }[] = [];
  private writing = false;

  /** `write` stores a group (one transaction or statement) and answers for each item, in order. */
  constructor(
    private readonly write: (items: In[]) => Promise<Settled<Out>[]>,
    private readonly maxGroup = 100,
  ) {}

  submit(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.writing || this.queue.length === 0) return;
    const group = this.queue.splice(0, this.maxGroup);
    this.writing = true;
    void this.writeGroup(group).finally(() => {
      this.writing = false;
      this.pump();
    });
  }

  private async writeGroup(group: { item: In; resolve: (value: Out) => void; reject: (error: unknown) => void }[]): Promise<void> {
    try {
      const results = await this.write(group.map((g) => g.item));
      group.forEach((g, index) => settle(g, results[index]));
    } catch (error) {
      if (group.length === 1) {
        group[0]?.reject(error);
        return;
      }
      for (const g of group) {
        try {
          settle(g, (await this.write([g.item]))[0]);
        } catch (alone) {
          g.reject(alone);
        }
      }
    }
  }
}

function settle<Out>(waiting: { resolve: (value: Out) => void; reject: (error: unknown) => void }, result: Settled<Out> | undefined): void {
  if (!result) waiting.reject(new Error('the group write gave no answer for this item'));
  else if (result.ok) waiting.resolve(result.value);
  else waiting.reject(result.error);
}
