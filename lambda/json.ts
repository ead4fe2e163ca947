import { NumberValue } from '@aws-sdk/lib-dynamodb';
import { parse, stringify } from 'lossless-json';

/**
 * JSON that keeps every number exactly as the source wrote it. Safe integers
 * become numbers. Anything else (money like 2349.55, huge or exponent forms)
 * becomes a DynamoDB `NumberValue` with the original digits, so a price is
 * stored and published with the decimal value Tripster sent.
 */

const INTEGER = /^-?\d{1,16}$/;

/** Reads number text as a safe integer or, keeping its digits, a NumberValue. */
export function parseExactNumber(text: string): number | NumberValue {
  const value = Number(text);
  const isPlainInteger =
    INTEGER.test(text) && Number.isSafeInteger(value) && !Object.is(value, -0);

  return isPlainInteger ? value : NumberValue.from(text);
}

/** Parses JSON text; throws SyntaxError on invalid input. */
export function parseExactJson(text: string): unknown {
  return parse(text, null, parseExactNumber);
}

const numberValueStringifier = {
  test: (value: unknown) => value instanceof NumberValue,
  stringify: (value: unknown) => (value as NumberValue).toString(),
};

/** Serializes a value that may hold `NumberValue`s, keeping their digits. */
export function stringifyExactJson(value: unknown): string {
  const text = stringify(value, undefined, undefined, [numberValueStringifier]);
  if (text === undefined) {
    throw new TypeError('Value cannot be serialized as JSON');
  }

  return text;
}

/** Serializes with object keys sorted, so equal content gives equal text. */
export function canonicalJson(value: unknown): string {
  return stringifyExactJson(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys(value[key])]),
    );
  }

  return value;
}

export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof NumberValue)
  );
}
