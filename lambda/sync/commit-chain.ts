import type { OrderItem } from '../order-item';
import {
  commitPage,
  committedItems,
  type PageProcessorDeps,
  type PreparedPage,
} from './page-processor';

/**
 * The commits of one pass's pages, run one after another in the background
 * so that the next page can be fetched and prepared meanwhile. Because they
 * run in page order, a later page's version of an order is written last.
 */
export class CommitChain {
  private last:
    | { readonly done: Promise<void>; readonly items: Map<number, OrderItem> }
    | undefined;

  constructor(private readonly deps: PageProcessorDeps) {}

  /** Items that the commit in flight leaves in the table, by order id. */
  get committing(): ReadonlyMap<number, OrderItem> | undefined {
    return this.last?.items;
  }

  /**
   * Waits for the commit in flight, then starts the page's commit and
   * returns without waiting for it. `onCommitted` runs when it succeeds.
   */
  async add(page: PreparedPage, onCommitted: () => void): Promise<void> {
    await this.settle();
    const done = commitPage(page, this.deps).then(onCommitted);
    // The commit is awaited later; until then a failure must not go unhandled.
    done.catch(() => undefined);
    this.last = { done, items: committedItems(page) };
  }

  /** Waits until the last commit has ended, and throws if it failed. */
  async settle(): Promise<void> {
    await this.last?.done;
    this.last = undefined;
  }
}
