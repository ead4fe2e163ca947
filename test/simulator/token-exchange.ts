import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenRegistry } from './auth';
import { ErrorResponse, readBody, send } from './responses';

const MAX_BODY_BYTES = 64 * 1024;

export interface TokenExchangeSettings {
  partnerId: string;
  secret: string;
  tokens: TokenRegistry;
}

type Fields = Record<string, unknown>;

/**
 * Serves `POST /api/auth/obtain_token/partner/`. Accepts JSON and form
 * bodies. Wrong credentials get 400 with `non_field_errors`, which is how
 * Django REST Framework's ObtainAuthToken view reports them.
 */
export async function handleTokenExchange(
  req: IncomingMessage,
  res: ServerResponse,
  settings: TokenExchangeSettings,
): Promise<void> {
  if (req.method !== 'POST') {
    const detail = `Method "${req.method}" not allowed.`;
    send(res, 405, { detail }, 'json', { allow: 'POST, OPTIONS' });
    return;
  }
  const fields = parseFields(
    req.headers['content-type'],
    await readBody(req, MAX_BODY_BYTES),
  );
  const rejected =
    fields instanceof ErrorResponse
      ? fields
      : checkCredentials(fields, settings);
  if (rejected !== null) {
    send(res, rejected.status, rejected.body, 'json');
    return;
  }

  const token = settings.tokens.issue(settings.partnerId);
  send(res, 200, { token }, 'json');
}

function parseFields(
  contentType: string | undefined,
  body: string,
): Fields | ErrorResponse {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/x-www-form-urlencoded' || body === '') {
    return Object.fromEntries(new URLSearchParams(body));
  }
  if (mediaType !== 'application/json') {
    const detail = `Unsupported media type "${contentType ?? ''}" in request.`;

    return new ErrorResponse(415, { detail });
  }
  try {
    const parsed: unknown = JSON.parse(body);
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      !Array.isArray(parsed)
    ) {
      return parsed as Fields;
    }
    const message = 'Invalid data. Expected a dictionary.';

    return new ErrorResponse(400, { non_field_errors: [message] });
  } catch (error) {
    const detail = `JSON parse error - ${(error as Error).message}`;

    return new ErrorResponse(400, { detail });
  }
}

function checkCredentials(
  fields: Fields,
  settings: TokenExchangeSettings,
): ErrorResponse | null {
  const errors: Record<string, string[]> = {};
  for (const name of ['partner', 'secret']) {
    const value = fields[name];
    if (value === undefined) {
      errors[name] = ['This field is required.'];
    } else if (value === null) {
      errors[name] = ['This field may not be null.'];
    } else if (value === '') {
      errors[name] = ['This field may not be blank.'];
    }
  }
  if (Object.keys(errors).length > 0) {
    return new ErrorResponse(400, errors);
  }
  if (
    fields.partner !== settings.partnerId ||
    fields.secret !== settings.secret
  ) {
    const message = 'Unable to log in with provided credentials.';

    return new ErrorResponse(400, { non_field_errors: [message] });
  }

  return null;
}
