import { NumberValue } from '@aws-sdk/lib-dynamodb';
import { isPlainObject } from './json';
import { hasLoneSurrogate } from './text';

/**
 * Finds what DynamoDB would refuse in a value, so one bad record is set
 * aside instead of failing a whole batch write. Returns the problem, or
 * undefined when the value can be stored.
 */
export function findUnstorableValue(
  value: unknown,
  path = '',
  depth = 0,
): string | undefined {
  if (depth > MAX_NESTING_DEPTH) {
    return `${path || 'record'} is nested deeper than ${MAX_NESTING_DEPTH} levels`;
  }
  if (typeof value === 'string') {
    return hasLoneSurrogate(value)
      ? `${path} is not valid Unicode text`
      : undefined;
  }
  if (value instanceof NumberValue) {
    return isDynamoDbNumber(value.toString())
      ? undefined
      : `${path} is a number DynamoDB cannot store: ${value.toString().slice(0, 40)}`;
  }
  if (Array.isArray(value)) {
    return firstProblem(
      value.map((item, index) => [`${path}[${index}]`, item]),
      depth,
    );
  }
  if (isPlainObject(value)) {
    if (Object.hasOwn(value, '')) {
      return `${path || 'record'} has a field with an empty name`;
    }
    if (Object.keys(value).some(hasLoneSurrogate)) {
      return `${path || 'record'} has a field name that is not valid Unicode`;
    }
    return firstProblem(
      Object.entries(value).map(([key, item]) => [
        path ? `${path}.${key}` : key,
        item,
      ]),
      depth,
    );
  }

  return undefined;
}

/** DynamoDB nests up to 32 levels; the API's records use two. */
const MAX_NESTING_DEPTH = 16;

const DECIMAL = /^-?0*(\d*?)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

function firstProblem(
  entries: [string, unknown][],
  depth: number,
): string | undefined {
  for (const [path, item] of entries) {
    const problem = findUnstorableValue(item, path, depth + 1);
    if (problem !== undefined) {
      return problem;
    }
  }

  return undefined;
}

/**
 * DynamoDB numbers carry at most 38 significant digits, with magnitudes
 * from 1E-130 to below 1E+126.
 */
function isDynamoDbNumber(text: string): boolean {
  const match = DECIMAL.exec(text);
  if (match === null) {
    return false;
  }
  const [, integerDigits = '', fractionDigits = '', exponentText = '0'] = match;
  const digits = `${integerDigits}${fractionDigits}`;
  const leadingZeros = digits.length - digits.replace(/^0+/, '').length;
  const significant = digits.replace(/^0+/, '').replace(/0+$/, '');
  if (significant === '') {
    return true;
  }
  const exponent =
    integerDigits.length - 1 - leadingZeros + Number(exponentText);

  return significant.length <= 38 && exponent >= -130 && exponent <= 125;
}
