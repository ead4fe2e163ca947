import { UnsafeLinkError } from '../errors';

/**
 * Checks a `next` link before the token goes with it. The link must stay on
 * the API's origin and the orders path, carry no user info, and keep the
 * filter of the pass. A link that downgrades https to http on the API's own
 * host is upgraded; any other change of scheme, host or port is an error.
 */
export function checkNextLink(
  link: string,
  ordersUrl: URL,
  filter: { readonly name: string; readonly value: string },
): URL {
  let url: URL;
  try {
    url = new URL(link, ordersUrl);
  } catch {
    throw new UnsafeLinkError(`next link is not a URL: ${describe(link)}`);
  }
  if (
    url.protocol === 'http:' &&
    ordersUrl.protocol === 'https:' &&
    url.hostname === ordersUrl.hostname &&
    (url.port === '' || url.port === '80')
  ) {
    url.protocol = 'https:';
    url.port = '';
  }
  if (url.origin !== ordersUrl.origin || url.username || url.password) {
    throw new UnsafeLinkError(
      `next link leaves the API origin ${ordersUrl.origin}: ${describe(link)}. The token is not sent there.`,
    );
  }
  if (url.pathname !== ordersUrl.pathname) {
    throw new UnsafeLinkError(
      `next link leaves the orders endpoint: ${describe(link)}`,
    );
  }
  const filterValues = url.searchParams.getAll(filter.name);
  if (filterValues.length !== 1 || filterValues[0] !== filter.value) {
    throw new UnsafeLinkError(
      `next link changes the ${filter.name} filter: ${describe(link)}`,
    );
  }
  url.searchParams.set('format', 'json');

  return url;
}

/** Quotes a link for a message, shortened so a huge one stays readable. */
function describe(link: string): string {
  return JSON.stringify(link.length > 200 ? `${link.slice(0, 200)}...` : link);
}
