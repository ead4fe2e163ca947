/** One orders page that reached the sync with HTTP 200 and a JSON body. */
export interface ServedPage {
  readonly url: string;
  readonly records: readonly Record<string, unknown>[];
}

export interface FetchTapOptions {
  /**
   * Rewrites the Date header of every response to `url`: return a new
   * value, or null to remove the header.
   */
  readonly rewriteDate?: (date: string | null, url: string) => string | null;
}

/**
 * A `fetch` for the app under test that records what the sync sends and
 * receives. Requests to any host but 127.0.0.1 are never sent: they are
 * recorded in `blocked` and fail as a network error would.
 */
export interface FetchTap {
  readonly fetch: typeof fetch;
  /** Every URL requested, blocked ones included, in order. */
  readonly requests: string[];
  readonly blocked: string[];
  /** Orders pages returned with 200 and parseable JSON, in arrival order. */
  readonly pages: ServedPage[];
  /** Tokens the token exchange handed out. */
  readonly tokens: Set<string>;
}

const ORDERS_PATH = /\/experienceorders\/$/;
const TOKEN_PATH = /\/auth\/obtain_token\/partner\/$/;

export function createFetchTap(options: FetchTapOptions = {}): FetchTap {
  const tap = {
    requests: [] as string[],
    blocked: [] as string[],
    pages: [] as ServedPage[],
    tokens: new Set<string>(),
  };
  const tapped = async (
    input: Parameters<typeof fetch>[0],
    init?: RequestInit,
  ): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    tap.requests.push(url.href);
    if (url.hostname !== '127.0.0.1' || !/^https?:$/.test(url.protocol)) {
      tap.blocked.push(url.href);
      throw new TypeError('fetch failed: blocked by the test');
    }
    const response = await fetch(url, init);
    // Bytes, not text: a Response built from text would gain a content type.
    const body = new Uint8Array(await response.arrayBuffer());
    record(tap, url, response.status, new TextDecoder().decode(body));

    const nullBody = [101, 103, 204, 205, 304].includes(response.status);

    return new Response(nullBody ? null : body, {
      status: response.status,
      statusText: response.statusText,
      headers: rewriteHeaders(response.headers, url, options.rewriteDate),
    });
  };

  return { ...tap, fetch: tapped as typeof fetch };
}

function record(
  tap: Pick<FetchTap, 'pages' | 'tokens'>,
  url: URL,
  status: number,
  body: string,
): void {
  if (status !== 200) {
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return;
  }
  if (typeof value !== 'object' || value === null) {
    return;
  }
  const object = value as { token?: unknown; results?: unknown };
  if (TOKEN_PATH.test(url.pathname) && typeof object.token === 'string') {
    tap.tokens.add(object.token);
  }
  if (ORDERS_PATH.test(url.pathname) && Array.isArray(object.results)) {
    tap.pages.push({ url: url.href, records: object.results });
  }
}

function rewriteHeaders(
  headers: Headers,
  url: URL,
  rewriteDate: FetchTapOptions['rewriteDate'],
): Headers {
  const copy = new Headers(headers);
  // The body was read whole; its length and encoding no longer apply.
  copy.delete('content-encoding');
  copy.delete('transfer-encoding');
  if (rewriteDate !== undefined) {
    const date = rewriteDate(headers.get('date'), url.href);
    if (date === null) {
      copy.delete('date');
    } else {
      copy.set('date', date);
    }
  }

  return copy;
}
