import { backoffDelayMs, realSleep, type Sleep } from '../backoff';
import type { AuthScheme } from '../config';
import { CredentialsRejectedError, SourceResponseError } from '../errors';
import type { Credentials } from '../stores/credentials-store';
import { type HttpResponse, sendRequest, TransportError } from './http';
import { KnownSecrets } from './known-secrets';
import { type OrdersPage, parseOrdersPage } from './page';
import { parseRetryAfter } from './retry-after';

export interface TripsterClientOptions {
  readonly apiBase: URL;
  readonly partnerId: string;
  readonly authScheme: AuthScheme;
  readonly credentials: { get(forceFetch?: boolean): Promise<Credentials> };
  readonly requestTimeoutMs: number;
  readonly maxAttempts: number;
  readonly fetch?: typeof fetch;
  readonly sleep?: Sleep;
  /** Called before each retry, so the caller can log it. */
  readonly onRetry?: (retry: RetryInfo) => void;
}

export interface RetryInfo {
  readonly url: string;
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
}

/** A fetched page and the source's clock at its response. */
export interface FetchedPage extends OrdersPage {
  readonly serverDate: Date | undefined;
}

/** Status of a page that failed for good, e.g. 404 for a page gone missing. */
export class PageStatusError extends SourceResponseError {
  constructor(
    readonly status: number,
    url: URL,
  ) {
    super(`orders page ${url.pathname}${url.search} returned HTTP ${status}`);
  }
}

/** A failure worth another attempt: 429, 5xx, network, or a broken page. */
class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;
const RETRY_AFTER_CAP_MS = 60_000;

/** Reads partner orders over HTTP with the partner's token. */
export class TripsterClient {
  private token: string | undefined;
  private readonly secrets = new KnownSecrets();
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: Sleep;
  readonly ordersUrl: URL;

  constructor(private readonly options: TripsterClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
    this.sleep = options.sleep ?? realSleep;
    this.ordersUrl = new URL(
      `${options.apiBase.pathname.replace(/\/$/, '')}/partners/${encodeURIComponent(options.partnerId)}/experienceorders/`,
      options.apiBase,
    );
  }

  /** Returns the URL of a feed's first page: changes since `since`. */
  firstPageUrl(filter: string, since: string): URL {
    const url = new URL(this.ordersUrl);
    url.searchParams.set('format', 'json');
    url.searchParams.set(filter, since.replace(' ', 'T'));

    return url;
  }

  /**
   * Fetches one page. A 401 gets one new token and one repeat; a second
   * 401, or a 403, means the credentials are rejected.
   */
  async fetchPage(url: URL): Promise<FetchedPage> {
    let response = await this.withRetries(url, () => this.get(url));
    if (response.status === 401) {
      await this.refreshToken();
      response = await this.withRetries(url, () => this.get(url));
    }
    if (response.status === 401 || response.status === 403) {
      throw new CredentialsRejectedError(
        `Tripster rejected the credentials (HTTP ${response.status} on the orders list of partner ${JSON.stringify(this.options.partnerId)}). Check that TRIPSTER_PARTNER_ID names the partner of the credentials parameter, and its secret.`,
      );
    }
    if (response.status !== 200) {
      throw new PageStatusError(response.status, url);
    }
    const date = Date.parse(response.headers.get('date') ?? '');

    return {
      ...parseOrdersPage(response.body, response.headers.get('content-type')),
      serverDate: Number.isNaN(date) ? undefined : new Date(date),
    };
  }

  private async get(url: URL): Promise<HttpResponse> {
    const token = await this.currentToken();
    const response = await this.send(url, {
      headers: {
        accept: 'application/json',
        authorization: `${this.options.authScheme} ${token}`,
      },
    });
    if (response.status === 200) {
      // Checked here too, so a broken page is retried like a 5xx.
      const problem = this.findPageProblem(response);
      if (problem !== undefined) {
        throw new RetryableError(problem);
      }
    }

    return response;
  }

  /** Returns why an orders page cannot be used, or undefined. */
  private findPageProblem(response: HttpResponse): string | undefined {
    if (!response.utf8) {
      return 'orders page is not valid UTF-8';
    }
    if (this.secrets.foundIn(response)) {
      return 'orders page repeats the API token or secret, so it is not used';
    }
    try {
      parseOrdersPage(response.body, response.headers.get('content-type'));
    } catch (error) {
      return (error as Error).message;
    }

    return undefined;
  }

  private async currentToken(): Promise<string> {
    this.token ??= (await this.obtainToken(false)).token;
    this.secrets.add(this.token);

    return this.token;
  }

  private async refreshToken(): Promise<void> {
    const previous = this.token;
    this.token = undefined;
    const { token, stored } = await this.obtainToken(true);
    if (stored && token === previous) {
      throw new CredentialsRejectedError(
        'Tripster rejected the token in the credentials parameter (HTTP 401). Store a new token, or the partner id and secret.',
      );
    }
    this.token = token;
    this.secrets.add(token);
  }

  /**
   * Exchanges the partner id and secret for a token, or takes the token the
   * parameter stores. `forceFetch` rereads the parameter, to pick up a
   * rotated secret.
   */
  private async obtainToken(
    forceFetch: boolean,
  ): Promise<{ token: string; stored: boolean }> {
    const credentials = await this.options.credentials.get(forceFetch);
    if ('token' in credentials) {
      return { token: credentials.token, stored: true };
    }
    this.secrets.add(credentials.secret);
    const url = new URL(
      `${this.options.apiBase.pathname.replace(/\/$/, '')}/auth/obtain_token/partner/`,
      this.options.apiBase,
    );
    const response = await this.withRetries(url, () =>
      this.send(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify(credentials),
      }),
    );

    return { token: readToken(response, url), stored: false };
  }

  private async send(url: URL, init: RequestInit): Promise<HttpResponse> {
    let response: HttpResponse;
    try {
      response = await sendRequest(this.fetchImpl, url, init, {
        timeoutMs: this.options.requestTimeoutMs,
        maxBodyBytes: MAX_BODY_BYTES,
      });
    } catch (error) {
      if (error instanceof TransportError) {
        throw new RetryableError(error.message);
      }
      throw error;
    }
    if (response.status === 429 || response.status >= 500) {
      throw new RetryableError(
        `HTTP ${response.status}`,
        parseRetryAfter(
          response.headers.get('retry-after'),
          Date.now(),
          RETRY_AFTER_CAP_MS,
        ),
      );
    }

    return response;
  }

  private async withRetries(
    url: URL,
    call: () => Promise<HttpResponse>,
  ): Promise<HttpResponse> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        if (!(error instanceof RetryableError)) {
          throw error;
        }
        if (attempt >= this.options.maxAttempts) {
          throw new SourceResponseError(
            `${url.pathname}${url.search} failed after ${attempt} attempts: ${error.message}`,
          );
        }
        const delayMs =
          error.retryAfterMs ?? backoffDelayMs(attempt, 500, 20_000);
        this.options.onRetry?.({
          url: `${url.pathname}${url.search}`,
          attempt,
          delayMs,
          reason: error.message,
        });
        await this.sleep(delayMs);
      }
    }
  }
}

function readToken(response: HttpResponse, url: URL): string {
  if (
    response.status === 400 ||
    response.status === 401 ||
    response.status === 403
  ) {
    throw new CredentialsRejectedError(
      `Tripster rejected the partner id and secret (HTTP ${response.status} on the token exchange). Check the credentials parameter.`,
    );
  }
  let token: unknown;
  try {
    token = (JSON.parse(response.body) as { token?: unknown }).token;
  } catch {
    token = undefined;
  }
  if (response.status === 404) {
    throw new SourceResponseError(
      `token exchange ${url.pathname} returned HTTP 404. Check that TRIPSTER_API_BASE is the API root, such as https://experience.tripster.ru/api.`,
    );
  }
  if (response.status !== 200 || typeof token !== 'string' || token === '') {
    throw new SourceResponseError(
      `token exchange returned HTTP ${response.status} without a token`,
    );
  }

  return token;
}
