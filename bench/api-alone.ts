import { preciseNow } from './clock';
import type { Fixture } from './fixture';

/** Start of the backfill's pages: the sync's default initial start. */
const SINCE = '2010-01-01';

/**
 * Times the pages of a backfill with a bare HTTP client and no sync. It
 * fetches the first page of the orders feed, then the rest of it with
 * `concurrency` requests in flight by page number, then the empty page of
 * the schedule feed. That is what the simulated API itself takes on this
 * machine. It is more than pages x L, because the timer, the HTTP exchange
 * and the simulator's own work add to each request.
 */
export async function timeApiAlone(
  fixture: Fixture,
  concurrency: number,
): Promise<number> {
  const { apiBase } = fixture.simulator;
  const token = await obtainToken(fixture);
  const feedUrl = (feed: string, page: number, since = SINCE) => {
    const url = new URL(
      `${apiBase}/partners/${fixture.credentials.partner}/experienceorders/`,
    );
    url.search = new URLSearchParams({
      format: 'json',
      [feed]: since,
    }).toString();
    if (page > 1) {
      url.searchParams.set('page', String(page));
    }
    return url;
  };
  const start = preciseNow();

  const first = await fetchPage(feedUrl('updated_after', 1), token);
  const pageCount = Math.ceil(first.count / Math.max(first.results, 1));
  let next = 2;
  const worker = async () => {
    while (next <= pageCount) {
      await fetchPage(feedUrl('updated_after', next++), token);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  // After the backfill the schedule feed starts at the source's clock, so
  // its one page is empty.
  const now = fixture.simulator.sourceNow();
  await fetchPage(feedUrl('schedule_updated_after', 1, now), token);

  return preciseNow() - start;
}

async function obtainToken(fixture: Fixture): Promise<string> {
  const response = await fetch(
    `${fixture.simulator.apiBase}/auth/obtain_token/partner/`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fixture.credentials),
    },
  );
  const { token } = (await response.json()) as { token: string };

  return token;
}

async function fetchPage(
  url: URL,
  token: string,
): Promise<{ count: number; results: number }> {
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) {
    throw new Error(`${url.pathname}${url.search}: HTTP ${response.status}`);
  }
  const page = (await response.json()) as { count: number; results: unknown[] };

  return { count: page.count, results: page.results.length };
}
