import { Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { invalidProp } from './errors';
import type { OrderSyncSettings } from './settings';

const PARTNER_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const PARAMETER_NAME = /^(\/[A-Za-z0-9_.-]+)+$|^[A-Za-z0-9_.-]+$/;
const SYNC_START = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}:\d{2})?$/;

function isKnown(value: string): boolean {
  return !Token.isUnresolved(value);
}

/** Validates the props that describe the Tripster account and API. */
export function validateSourceSettings(
  scope: IConstruct,
  settings: OrderSyncSettings,
): void {
  const { partnerId, apiBase, sourceTimeZone, initialSyncStart } = settings;
  if (isKnown(partnerId) && !PARTNER_ID.test(partnerId)) {
    throw invalidProp(
      scope,
      'partnerId',
      `"${partnerId}" must be 1 to 64 letters, digits, ".", "_" or "-", ` +
        'as shown in the Tripster partner cabinet.',
    );
  }

  for (const prop of [
    'credentialsParameterName',
    'checkpointParameterName',
  ] as const) {
    const name = settings[prop];
    if (isKnown(name) && !PARAMETER_NAME.test(name)) {
      throw invalidProp(
        scope,
        prop,
        `"${name}" is not a valid SSM parameter name: use letters, ` +
          'digits, ".", "_", "-" and a leading "/" before each level.',
      );
    }
  }

  if (isKnown(apiBase) && !isHttpsUrl(apiBase)) {
    throw invalidProp(
      scope,
      'apiBase',
      `"${apiBase}" must be an https URL, because the function sends ` +
        'the partner secret and token to it.',
    );
  }

  if (isKnown(sourceTimeZone) && !isTimeZone(sourceTimeZone)) {
    throw invalidProp(
      scope,
      'sourceTimeZone',
      `"${sourceTimeZone}" is not an IANA time zone such as "Europe/Moscow".`,
    );
  }

  if (isKnown(initialSyncStart) && !isSyncStart(initialSyncStart)) {
    throw invalidProp(
      scope,
      'initialSyncStart',
      `"${initialSyncStart}" must be a date as YYYY-MM-DD, ` +
        'YYYY-MM-DDTHH:MM:SS or YYYY-MM-DD HH:MM:SS.',
    );
  }
}

function isHttpsUrl(text: string): boolean {
  return URL.canParse(text) && new URL(text).protocol === 'https:';
}

function isTimeZone(text: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: text });
    return true;
  } catch {
    return false;
  }
}

// Date.parse accepts 2021-02-30 as March 2, so the date is checked by
// building it back from its parts.
function isSyncStart(text: string): boolean {
  if (!SYNC_START.test(text)) {
    return false;
  }

  const [year, month, day] = text.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(year ?? 0, (month ?? 0) - 1, day ?? 0));
  const time = text.slice(11);
  const validTime =
    time === '' || /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/.test(time);
  return date.toISOString().startsWith(text.slice(0, 10)) && validTime;
}
