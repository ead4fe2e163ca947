import type { ApiOrder } from './order';
import type { Simulator } from './simulator';

/** Body of one orders page. */
export interface PageBody {
  count: number;
  next: string | null;
  previous: string | null;
  results: ApiOrder[];
}

export const CREDENTIALS = { partner: 'somepartner', secret: 'test-secret' };

export function postToken(
  simulator: Simulator,
  body: unknown = CREDENTIALS,
): Promise<Response> {
  return fetch(`${simulator.apiBase}/auth/obtain_token/partner/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export async function obtainToken(simulator: Simulator): Promise<string> {
  const response = await postToken(simulator);
  const body = (await response.json()) as { token: string };

  return body.token;
}

/** Requests the orders list of `partnerId` with the given query. */
export function getOrders(
  simulator: Simulator,
  query: Record<string, string>,
  authorization?: string,
  partnerId = 'somepartner',
): Promise<Response> {
  const url = new URL(
    `${simulator.apiBase}/partners/${partnerId}/experienceorders/`,
  );
  url.search = new URLSearchParams(query).toString();
  const headers: Record<string, string> =
    authorization === undefined ? {} : { authorization };

  return fetch(url, { headers });
}

/** Fetches a JSON page with a fresh token, and throws unless it gets 200. */
export async function getPage(
  simulator: Simulator,
  query: Record<string, string> = {},
): Promise<PageBody> {
  const token = await obtainToken(simulator);
  const response = await getOrders(
    simulator,
    { format: 'json', ...query },
    `Bearer ${token}`,
  );
  if (response.status !== 200) {
    throw new Error(`Expected 200, got ${response.status}`);
  }

  return (await response.json()) as PageBody;
}

export function ids(page: PageBody): number[] {
  return page.results.map((order) => order.id);
}
