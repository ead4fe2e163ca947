import type { OrderItem } from '../order-item';
import {
  commitPage,
  committedItems,
  type PageProcessorDeps,
  type PreparedPage,
  replanPage,
} from './page-processor';

/** A commit in flight, and the items it leaves in the table. */
interface Commit {
  readonly done: Promise<Set<number>>;
  readonly items: Map<number, OrderItem>;
}

/**
 * The commits of one pass's pages, run one after another in the background
 * so that the next page can be fetched and prepared meanwhile. Because they
 * run in page order, a later page's version of an order is written last.
 */
export class CommitChain {
  private last: Commit | undefined;
  /** Orders that the last commit set aside instead of writing. */
  private setAside = new Set<number>();

  constructor(private readonly deps: PageProcessorDeps) {}

  /** Items that the commit in flight leaves in the table, by order id. */
  get committing(): ReadonlyMap<number, OrderItem> | undefined {
    return this.last?.items;
  }

  /**
   * Waits for the commit in flight, then starts the page's commit and
   * returns without waiting for it. A page planned against an item that
   * the commit before set aside is planned again from the table first.
   * `onCommitted` runs when the commit succeeds.
   */
  async add(page: PreparedPage, onCommitted: () => void): Promise<void> {
    await this.settle();
    const planned = page.orders.some((order) => this.setAside.has(order.id))
      ? await replanPage(page, this.deps)
      : page;
    const done = commitPage(planned, this.deps).then((setAside) => {
      this.setAside = setAside;
      onCommitted();
      return setAside;
    });
    // The commit is awaited later; until then a failure must not go unhandled.
    done.catch(() => undefined);
    this.last = { done, items: committedItems(planned) };
  }

  /** Waits until the last commit has ended, and throws if it failed. */
  async settle(): Promise<void> {
    await this.last?.done;
    this.last = undefined;
  }
}
