import { STATUS_CODES } from 'node:http';

/** Which requests a fault applies to. */
export interface FaultScope {
  /** @default 'orders' */
  target?: FaultTarget;
  /** Only orders requests for this page number (no `page` means 1). */
  page?: number;
  /** How many matching requests get the fault. @default 1 */
  times?: number;
}

export type FaultTarget = 'orders' | 'token' | 'any';

/** Sends exactly this status, headers and body. */
export interface ResponseFault {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** Delays the request, then serves it normally. */
export interface DelayFault {
  delayMs: number;
}

/**
 * Sends no response. The socket stays open until the client or `stop()`
 * closes it.
 */
export interface HangFault {
  hang: true;
}

/** Destroys the socket without a response. */
export interface ResetFault {
  reset: true;
}

export type FaultAction = ResponseFault | DelayFault | HangFault | ResetFault;

export type Fault = FaultScope & FaultAction;

const JSON_TYPE = { 'content-type': 'application/json' };
const HTML_TYPE = { 'content-type': 'text/html; charset=utf-8' };

/**
 * Ready-made faults. Spread one with a scope to narrow it:
 * `{ ...faults.reset(), page: 2 }`.
 */
export const faults = {
  /** Returns a 429 with `Retry-After`, worded like Django REST Framework's. */
  rateLimited(retryAfter: string): ResponseFault {
    const detail = /^\d+$/.test(retryAfter)
      ? `Request was throttled. Expected available in ${retryAfter} seconds.`
      : 'Request was throttled.';

    return {
      status: 429,
      headers: { ...JSON_TYPE, 'retry-after': retryAfter },
      body: JSON.stringify({ detail }),
    };
  },

  /** Returns an HTML error page with the status, as proxies and Django send. */
  serverError(status = 500): ResponseFault {
    const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;

    return { status, headers: HTML_TYPE, body: htmlPage(title) };
  },

  /** Returns a 200 with a JSON content type and a body cut off mid-record. */
  brokenJson(): ResponseFault {
    const body = '{"count":2,"next":null,"previous":null,"results":[{"id":1';

    return { status: 200, headers: JSON_TYPE, body };
  },

  /** Returns a 200 with an HTML page where JSON is expected. */
  html(): ResponseFault {
    return {
      status: 200,
      headers: HTML_TYPE,
      body: htmlPage('Experience Order List'),
    };
  },

  slow(delayMs: number): DelayFault {
    return { delayMs };
  },

  hang(): HangFault {
    return { hang: true };
  },

  reset(): ResetFault {
    return { reset: true };
  },

  /** Returns a 200 with any object as JSON, for malformed page shapes. */
  page(body: unknown): ResponseFault {
    return { status: 200, headers: JSON_TYPE, body: JSON.stringify(body) };
  },
};

function htmlPage(title: string): string {
  return [
    '<!DOCTYPE html>',
    `<html><head><title>${title}</title></head>`,
    `<body><h1>${title}</h1></body></html>`,
    '',
  ].join('\n');
}

/** The request a fault is matched against. */
export interface FaultRequest {
  target: 'orders' | 'token' | 'other';
  page: number;
}

/** Faults waiting for matching requests, applied first-in, first-out. */
export class FaultQueue {
  #pending: { fault: Fault; remaining: number }[] = [];

  add(fault: Fault): void {
    validateFault(fault);
    this.#pending.push({ fault, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.#pending = [];
  }

  /** Returns the first fault that matches and uses up one of its times. */
  take(request: FaultRequest): FaultAction | null {
    const entry = this.#pending.find(({ fault }) => matches(fault, request));
    if (entry === undefined) {
      return null;
    }
    entry.remaining -= 1;
    if (entry.remaining <= 0) {
      this.#pending = this.#pending.filter((pending) => pending !== entry);
    }

    return entry.fault;
  }
}

function matches(fault: Fault, request: FaultRequest): boolean {
  const target = fault.target ?? 'orders';
  if (target !== 'any' && target !== request.target) {
    return false;
  }
  if (fault.page === undefined) {
    return true;
  }

  return request.target === 'orders' && request.page === fault.page;
}

function validateFault(fault: Fault): void {
  const actions = ['status', 'delayMs', 'hang', 'reset'].filter(
    (key) => key in fault,
  );
  if (actions.length !== 1) {
    const found = actions.join(', ') || 'none';
    throw new Error(
      'A fault needs exactly one action (status, delayMs, hang or reset), ' +
        `got ${found}`,
    );
  }
  const times = fault.times ?? 1;
  if (!(times >= 1)) {
    throw new RangeError(`Fault times must be at least 1, got ${times}`);
  }
}
