import {
  type AuthScheme,
  loadConfig,
  type SyncConfig,
} from '../../lambda/config';
import { ConfigurationError } from '../../lambda/errors';
import { isKnownTimeZone } from '../../lambda/source-time';
import { UsageError } from '../errors';
import type { Settings } from './resolver';

/** Settings that the function's config requires, with no default. */
export const SYNC_CONFIG_KEYS = [
  'TRIPSTER_PARTNER_ID',
  'CREDENTIALS_PARAMETER_NAME',
  'CHECKPOINT_PARAMETER_NAME',
  'ORDERS_TABLE_NAME',
  'REJECTED_RECORDS_TABLE_NAME',
  'ORDER_EVENTS_TOPIC_ARN',
] as const;

/**
 * Reads the function's whole config, for commands that run the function's
 * own code (replay, rejects retry), so they check every value as it does.
 */
export function readSyncConfig(settings: Settings): SyncConfig {
  try {
    return loadConfig(settings);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}

/** Returns a setting that `resolve` was asked to require. */
export function required(settings: Settings, key: string): string {
  const value = settings[key];
  if (value === undefined) {
    throw new UsageError(`${key} is missing.`);
  }

  return value;
}

export function readTimeZone(settings: Settings): string {
  const value = settings.SOURCE_TIME_ZONE ?? 'Europe/Moscow';
  if (!isKnownTimeZone(value)) {
    throw new UsageError(
      `SOURCE_TIME_ZONE is invalid: ${JSON.stringify(value)}. Set it, or --time-zone, to an IANA time zone like Europe/Moscow.`,
    );
  }

  return value;
}

/** Reads TRIPSTER_API_BASE with the function's default and checks. */
export function readApiBase(settings: Settings): URL {
  const fallback = 'https://experience.tripster.ru/api';
  if (settings.TRIPSTER_API_BASE === '') {
    throw new UsageError(
      `TRIPSTER_API_BASE is empty. Unset it to use ${fallback}, or set it, or --api-base, to the API root.`,
    );
  }
  const value = settings.TRIPSTER_API_BASE ?? fallback;
  let url: URL | undefined;
  try {
    url = new URL(value.replace(/\/+$/, ''));
  } catch {
    url = undefined;
  }
  if (
    url === undefined ||
    !['http:', 'https:'].includes(url.protocol) ||
    url.username !== '' ||
    url.password !== ''
  ) {
    throw new UsageError(
      'TRIPSTER_API_BASE is invalid. Set it, or --api-base, to an http or https URL without a user name or password.',
    );
  }

  return url;
}

export function readAuthScheme(settings: Settings): AuthScheme {
  const value = settings.TRIPSTER_AUTH_SCHEME ?? 'Bearer';
  if (value !== 'Bearer' && value !== 'Token') {
    throw new UsageError(
      `TRIPSTER_AUTH_SCHEME is invalid: ${JSON.stringify(value)}. Set it to Bearer or Token.`,
    );
  }

  return value;
}
