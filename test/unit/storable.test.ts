import { NumberValue } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { parseExactJson } from '../../lambda/json';
import { findUnstorableValue } from '../../lambda/storable';

function nested(levels: number, innermost: unknown): unknown {
  let value = innermost;
  for (let level = 0; level < levels; level++) {
    value = { a: value };
  }

  return value;
}

describe('findUnstorableValue', () => {
  it.each([
    ['1e125', '1e125'],
    ['38 significant digits', '12345678901234567890123456789012345678'],
    ['38 digits with a point', '1234567890123456789.0123456789012345678'],
    ['the largest number', '9.9999999999999999999999999999999999999E+125'],
    ['zero', '0'],
    ['negative zero', '-0.0'],
    ['the smallest magnitude', '1E-130'],
    ['1E-130 written out', `0.${'0'.repeat(129)}1`],
    ['a negative large number', '-1e125'],
    ['money', '2349.55'],
  ])('accepts %s', (_case, digits) => {
    const value = { price: NumberValue.from(digits) };

    expect(findUnstorableValue(value)).toBeUndefined();
  });

  it.each([
    ['39 significant digits', '123456789012345678901234567890123456789'],
    ['39 digits after the point', `0.${'1'.repeat(39)}`],
    ['1e126', '1e126'],
    ['10e125', '10e125'],
    ['-1e126', '-1e126'],
    ['1e400', '1e400'],
    ['1e-131', '1e-131'],
    ['1E-131 written out', `0.${'0'.repeat(130)}1`],
    ['text that is no number', 'abc'],
  ])('rejects %s', (_case, digits) => {
    const value = { price: NumberValue.from(digits) };

    const problem = findUnstorableValue(value);

    expect(problem).toMatch(/^price is a number DynamoDB cannot store: /);
  });

  it('quotes at most 40 characters of a rejected number', () => {
    const digits = '9'.repeat(100);

    const problem = findUnstorableValue({ price: NumberValue.from(digits) });

    expect(problem).toBe(
      `price is a number DynamoDB cannot store: ${'9'.repeat(40)}`,
    );
  });

  it('rejects a number parsed from the API', () => {
    const record = parseExactJson('{"id":1,"profit":1e126}');

    expect(findUnstorableValue(record)).toBe(
      'profit is a number DynamoDB cannot store: 1e126',
    );
  });

  it.each([
    ['a lone high surrogate', 'city \uD800'],
    ['a lone low surrogate', '\uDC00 city'],
    ['reversed halves', '\uDE00\uD83D'],
  ])('rejects a string with %s', (_case, text) => {
    const problem = findUnstorableValue({ description: text });

    expect(problem).toBe('description is not valid Unicode text');
  });

  it('accepts a surrogate pair', () => {
    expect(findUnstorableValue({ description: 'ok 😀' })).toBeUndefined();
  });

  it('names the path of a nested problem', () => {
    const value = { utm_marks: { campaign: 'x', content: ['a', '\uD800'] } };

    const problem = findUnstorableValue(value);

    expect(problem).toBe('utm_marks.content[1] is not valid Unicode text');
  });

  it('rejects an empty field name at the top', () => {
    expect(findUnstorableValue({ id: 1, '': 'x' })).toBe(
      'record has a field with an empty name',
    );
  });

  it('rejects an empty field name in a nested object', () => {
    const value = { country: { '': 'Poland' } };

    expect(findUnstorableValue(value)).toBe(
      'country has a field with an empty name',
    );
  });

  it.each([
    ['at the top', '{"id":1,"__proto__":{"planted":"x"}}', 'record'],
    ['in a nested object', '{"id":1,"extra":{"__proto__":"x"}}', 'extra'],
  ])('rejects a field named __proto__ %s', (_case, json, path) => {
    const record = parseExactJson(json);

    expect(findUnstorableValue(record)).toBe(
      `${path} has a field named __proto__, which the AWS SDK cannot write`,
    );
  });

  it('accepts a field name of 65,535 bytes', () => {
    const name = `${'€'.repeat(21_845)}`;

    expect(Buffer.byteLength(name)).toBe(65_535);
    expect(findUnstorableValue({ id: 1, [name]: 'x' })).toBeUndefined();
  });

  it('rejects a field name of 65,536 bytes', () => {
    const value = { country: { [`${'€'.repeat(21_845)}a`]: 'x' } };

    expect(findUnstorableValue(value)).toBe(
      'country has a field name longer than 65535 bytes',
    );
  });

  it('accepts 16 levels of nesting', () => {
    expect(findUnstorableValue(nested(16, 'x'))).toBeUndefined();
  });

  it('rejects 17 levels of nesting', () => {
    const problem = findUnstorableValue(nested(17, 'x'));

    expect(problem).toBe(
      `${Array(17).fill('a').join('.')} is nested deeper than 16 levels`,
    );
  });

  it('counts arrays as nesting levels', () => {
    let value: unknown = 'x';
    for (let level = 0; level < 17; level++) {
      value = [value];
    }

    expect(findUnstorableValue({ list: value })).toMatch(
      /is nested deeper than 16 levels$/,
    );
  });

  it('accepts a valid nested order', () => {
    const record = parseExactJson(
      '{"id":123457,"price":15000.0,"profit":null,"city":"Krakow",' +
        '"country":{"name_en":"Poland","iso_code":"PL"},' +
        '"utm_marks":{"content":null,"source":"somepartner"},' +
        '"tags":[1,"a",true,{"k":[]}],"description":""}',
    );

    expect(findUnstorableValue(record)).toBeUndefined();
  });

  it.each([
    ['null', null],
    ['true', true],
    ['an empty object', {}],
    ['an empty array', []],
    ['a safe integer', 123_457],
  ])('accepts %s', (_case, value) => {
    expect(findUnstorableValue(value)).toBeUndefined();
  });
});
