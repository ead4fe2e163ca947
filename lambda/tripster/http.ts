/** A response read whole, with its size bounded. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
  /** Whether the body was valid UTF-8. If not, bad bytes became U+FFFD. */
  readonly utf8: boolean;
}

/** A request that failed before a response arrived, or while reading it. */
export class TransportError extends Error {
  override name = 'TransportError';
}

export interface HttpOptions {
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
}

/**
 * Sends one request and reads the body as UTF-8, giving up when the whole
 * exchange takes longer than `timeoutMs` or the body grows past
 * `maxBodyBytes`. Never follows redirects: a redirect could carry the
 * Authorization header to another host.
 */
export async function sendRequest(
  fetchImpl: typeof fetch,
  url: URL,
  init: RequestInit,
  options: HttpOptions,
): Promise<HttpResponse> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await fetchImpl(url, {
      ...init,
      redirect: 'manual',
      signal,
    });
    const bytes = await readBody(response, options.maxBodyBytes);

    return {
      status: response.status,
      headers: response.headers,
      ...decode(bytes),
    };
  } catch (error) {
    if (error instanceof TransportError) {
      throw error;
    }
    const reason = signal.aborted
      ? `timed out after ${options.timeoutMs} ms`
      : (error as Error).message;
    throw new TransportError(
      `${init.method ?? 'GET'} ${url.origin}${url.pathname} failed: ${reason}`,
      {
        cause: error,
      },
    );
  }
}

async function readBody(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new TransportError(
      `response of ${declared} bytes exceeds ${maxBytes}`,
    );
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body ?? []) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      throw new TransportError(`response exceeds ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }

  return Buffer.concat(chunks);
}

// A byte order mark is kept, so a page that starts with one fails to parse
// as before.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decode(bytes: Buffer): { body: string; utf8: boolean } {
  try {
    return { body: strictUtf8.decode(bytes), utf8: true };
  } catch {
    return { body: bytes.toString('utf8'), utf8: false };
  }
}
