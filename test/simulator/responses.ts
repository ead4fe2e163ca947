import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';

/** How a response body is rendered: `format=json`, or the browsable page. */
export type RenderFormat = 'json' | 'html';

type Headers = Record<string, string>;

/** A rejected request: the status, the body to render and extra headers. */
export class ErrorResponse {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Headers = {},
  ) {}
}

/** Fields that the API serializes from Python floats. */
const FLOAT_FIELDS = new Set(['price', 'profit']);

/**
 * Serializes a value as Django REST Framework's JSONRenderer does with its
 * default settings: compact and with non-ASCII characters kept. Whole
 * numbers in float fields get `.0`, as Python writes floats, and the API's
 * documented example shows prices in that form (`15000.0`).
 */
export function toApiJson(value: unknown, key = ''): string {
  if (typeof value === 'number' && FLOAT_FIELDS.has(key)) {
    return Number.isInteger(value) ? value.toFixed(1) : String(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => toApiJson(item)).join(',')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const members = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .map(
        ([name, member]) =>
          `${JSON.stringify(name)}:${toApiJson(member, name)}`,
      );

    return `{${members.join(',')}}`;
  }

  return JSON.stringify(value) ?? 'null';
}

export function send(
  res: ServerResponse,
  status: number,
  payload: unknown,
  format: RenderFormat,
  headers: Headers = {},
): void {
  if (format === 'json') {
    const body = toApiJson(payload);
    writeResponse(res, status, 'application/json', body, headers);
  } else {
    const body = renderBrowsablePage(status, payload);
    writeResponse(res, status, 'text/html; charset=utf-8', body, headers);
  }
}

function writeResponse(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Headers,
): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    vary: 'Accept',
    ...headers,
  });
  res.end(body);
}

/** Renders a page like the Django REST Framework browsable API. */
function renderBrowsablePage(status: number, payload: unknown): string {
  const statusLine = `HTTP ${status} ${STATUS_CODES[status] ?? ''}`;
  const content = escapeHtml(JSON.stringify(payload, null, 4));

  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8">',
    '<title>Experience Order List – Django REST framework</title></head>',
    '<body><div class="content-main"><h1>Experience Order List</h1>',
    `<pre class="prettyprint"><b>${statusLine}</b>\n${content}</pre>`,
    '</div></body></html>',
    '',
  ].join('\n');
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** Reads the request body as UTF-8, and throws when it exceeds `maxBytes`. */
export async function readBody(
  req: IncomingMessage,
  maxBytes: number,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      throw new Error(`Request body exceeds ${maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }

  return Buffer.concat(chunks).toString('utf8');
}
