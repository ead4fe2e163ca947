import type { HttpResponse } from './http';

/**
 * The token and the partner secret, to find them in a response. A source
 * that sends them back is broken or hostile, and any part of its response
 * could reach a log, an error, the checkpoint or an event. Responses are
 * searched as sent and as the sync decodes them, with JSON escapes and
 * percent-encoding undone, so an escaped copy is found too.
 */
export class KnownSecrets {
  private readonly secrets = new Set<string>();

  add(secret: string): void {
    if (secret.length >= MIN_SEARCHED_LENGTH) {
      this.secrets.add(secret);
    }
  }

  /** Returns whether the response repeats a secret in its body or a header. */
  foundIn(response: HttpResponse): boolean {
    const texts = [response.body, ...response.headers.values()].flatMap(
      (text) => [text, percentDecoded(text)],
    );
    texts.push(...jsonNormalized(response.body));
    const forms = [...this.secrets].flatMap((secret) => [
      secret,
      JSON.stringify(secret).slice(1, -1),
    ]);

    return forms.some((form) => texts.some((text) => text.includes(form)));
  }
}

/**
 * Shorter secrets would turn up in ordinary text and fail every page.
 * NOTE: a shorter secret is not searched for, so its echo goes unseen.
 * Tripster tokens are 40 characters long.
 */
const MIN_SEARCHED_LENGTH = 8;

/** Undoes each run of valid percent-encoding, leaving the rest as it is. */
function percentDecoded(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** The body written again by JSON.stringify, which escapes only what it must. */
function jsonNormalized(body: string): string[] {
  try {
    return [JSON.stringify(JSON.parse(body))];
  } catch {
    return [];
  }
}
