import type { IncomingMessage, ServerResponse } from 'node:http';
import { AUTH_ERRORS, parseAuthorization, type TokenRegistry } from './auth';
import {
  type FilteredListing,
  isFilterErrors,
  type ListingFilters,
  pageLink,
  paginate,
  parseFilters,
  parsePageNumber,
} from './listing';
import { ErrorResponse, type RenderFormat, send } from './responses';

/** An orders request, as passed to hooks before the page is computed. */
export interface OrdersRequestInfo {
  page: number;
  /** The full request URL. */
  url: string;
  /** Index of this request in the simulator's request log. */
  requestIndex: number;
}

export type OrdersRequestHook = (
  info: OrdersRequestInfo,
) => void | Promise<void>;

/** An orders request after routing. */
export interface OrdersRequest {
  url: URL;
  /** The `{partner_id}` path segment, decoded. */
  partnerId: string;
  /** Index of the request in the request log. */
  index: number;
}

export interface OrdersEndpointSettings {
  listing: FilteredListing;
  tokens: TokenRegistry;
  pageSize: number;
  publicBase: string;
  runHooks: (info: OrdersRequestInfo) => Promise<void>;
}

/**
 * Serves `GET /api/partners/{partner_id}/experienceorders/`. The checks run
 * in Django REST Framework's order: format, authentication, permission,
 * method, filters, then the page. Without `format=json` every response,
 * errors included, is the browsable HTML page. The `Accept` header is
 * ignored, which is stricter than Django REST Framework's content
 * negotiation, so that a client which omits `format=json` fails in tests.
 */
export async function handleOrders(
  req: IncomingMessage,
  res: ServerResponse,
  request: OrdersRequest,
  settings: OrdersEndpointSettings,
): Promise<void> {
  const format = readFormat(request.url.searchParams);
  if (format === null) {
    send(res, 404, { detail: 'Not found.' }, 'json');
    return;
  }
  const listing = validateRequest(req, request, settings.tokens);
  if (listing instanceof ErrorResponse) {
    send(res, listing.status, listing.body, format, listing.headers);
    return;
  }

  const { url, index } = request;
  const { page, filters } = listing;
  await settings.runHooks({ page, url: url.href, requestIndex: index });
  const matching = settings.listing.matching(filters);
  const selected = paginate(matching, page, settings.pageSize);
  if (selected === null) {
    send(res, 404, { detail: 'Invalid page.' }, format);
    return;
  }
  const link = (to: number) => pageLink(url, settings.publicBase, to);
  const body = {
    count: selected.count,
    next: selected.hasNext ? link(page + 1) : null,
    previous: page > 1 ? link(page - 1) : null,
    results: selected.results.map((record) => record.order),
  };
  send(res, 200, body, format);
}

function validateRequest(
  req: IncomingMessage,
  request: OrdersRequest,
  tokens: TokenRegistry,
): ErrorResponse | { page: number; filters: ListingFilters } {
  const authError = authorize(req, request.partnerId, tokens);
  if (authError !== null) {
    return authError;
  }
  if (req.method !== 'GET') {
    const detail = `Method "${req.method}" not allowed.`;

    return new ErrorResponse(405, { detail }, { allow: 'GET, OPTIONS' });
  }
  const filters = parseFilters(request.url.searchParams);
  if (isFilterErrors(filters)) {
    return new ErrorResponse(400, filters);
  }
  const page = parsePageNumber(request.url.searchParams);
  if (page === null) {
    return new ErrorResponse(404, { detail: 'Invalid page.' });
  }

  return { page, filters };
}

/** Returns the renderer for `format`, or null for a format the API lacks. */
function readFormat(params: URLSearchParams): RenderFormat | null {
  const format = params.get('format');
  if (format === null || format === 'api') {
    return 'html';
  }

  return format === 'json' ? 'json' : null;
}

function authorize(
  req: IncomingMessage,
  partnerId: string,
  tokens: TokenRegistry,
): ErrorResponse | null {
  const credentials = parseAuthorization(req.headers.authorization);
  if (credentials.kind === 'missing') {
    return unauthorized(AUTH_ERRORS.missing);
  }
  if (credentials.kind === 'malformed') {
    return unauthorized(credentials.detail);
  }
  const owner = tokens.partnerFor(credentials.token);
  if (owner === undefined) {
    return unauthorized(AUTH_ERRORS.invalidToken);
  }

  return owner === partnerId
    ? null
    : new ErrorResponse(403, { detail: AUTH_ERRORS.forbidden });
}

function unauthorized(detail: string): ErrorResponse {
  return new ErrorResponse(401, { detail }, { 'www-authenticate': 'Bearer' });
}
