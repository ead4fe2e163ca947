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
    const problem = findUnstorableName(Object.keys(value));
    if (problem !== undefined) {
      return `${path || 'record'} has ${problem}`;
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

/**
 * Checks the field names of one object. DynamoDB takes attribute names of
 * less than 64 KB ("Supported data types and naming rules" in the DynamoDB
 * developer guide). The AWS SDK's marshaller assigns each attribute with
 * `map[name] = value`, so a field named `__proto__` would replace the
 * map's prototype instead of becoming an attribute.
 */
function findUnstorableName(names: readonly string[]): string | undefined {
  if (names.some(hasLoneSurrogate)) {
    return 'a field name that is not valid Unicode';
  }
  if (names.includes('__proto__')) {
    return 'a field named __proto__, which the AWS SDK cannot write';
  }
  if (names.some((name) => Buffer.byteLength(name) > MAX_NAME_BYTES)) {
    return `a field name longer than ${MAX_NAME_BYTES} bytes`;
  }

  return undefined;
}

const MAX_NAME_BYTES = 65_535;

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
