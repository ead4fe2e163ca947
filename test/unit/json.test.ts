import { NumberValue } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  isPlainObject,
  parseExactJson,
  stringifyExactJson,
} from '../../lambda/json';

describe('parseExactJson', () => {
  it.each([
    '15000.0',
    '2349.55',
    '0.1',
    '-0.0',
    '1200.50',
    '12345678901234567890',
    '9007199254740993',
    '1e400',
    '-1.5E-7',
  ])('keeps the digits of %s through stringify', (number) => {
    const text = `{"price":${number}}`;

    const parsed = parseExactJson(text);

    expect(stringifyExactJson(parsed)).toBe(text);
  });

  it.each(['15000.0', '2349.55', '12345678901234567890', '1e400'])(
    'reads %s as a NumberValue',
    (number) => {
      const parsed = parseExactJson(number);

      expect(parsed).toBeInstanceOf(NumberValue);
      expect(String(parsed)).toBe(number);
    },
  );

  it.each([
    ['0', 0],
    ['42', 42],
    ['-17', -17],
    ['123457', 123_457],
    ['999999999999999', 999_999_999_999_999],
  ])('reads the safe integer %s as a number', (text, expected) => {
    expect(parseExactJson(text)).toBe(expected);
  });

  it('keeps strings, booleans, null, arrays and objects', () => {
    const text =
      '{"city":"Krakow","paid":true,"price":null,"tags":["a",1],"country":{"iso_code":"PL"}}';

    const parsed = parseExactJson(text);

    expect(parsed).toEqual({
      city: 'Krakow',
      paid: true,
      price: null,
      tags: ['a', 1],
      country: { iso_code: 'PL' },
    });
  });

  it('keeps Cyrillic text and escapes', () => {
    const parsed = parseExactJson('{"d":"Фантастические виды «Величка»\\n"}');

    expect(parsed).toEqual({ d: 'Фантастические виды «Величка»\n' });
  });

  it.each([
    ['empty text', ''],
    ['an unclosed object', '{"id":1'],
    ['a truncated page', '{"count":2,"next":null,"results":[{"id":1},{"id'],
    ['a trailing comma', '{"id":1,}'],
    ['single quotes', "{'id':1}"],
    ['NaN', 'NaN'],
    ['a leading zero', '{"id":01}'],
    ['text after the value', '{"id":1} x'],
    ['an HTML page', '<!DOCTYPE html><html></html>'],
    ['a duplicate key with another value', '{"id":1,"id":2}'],
  ])('throws SyntaxError on %s', (_case, text) => {
    expect(() => parseExactJson(text)).toThrow(SyntaxError);
  });
});

describe('stringifyExactJson', () => {
  it('writes NumberValues with their digits', () => {
    const value = { price: NumberValue.from('15000.0'), id: 123_457 };

    const text = stringifyExactJson(value);

    expect(text).toBe('{"price":15000.0,"id":123457}');
  });

  it('throws TypeError on a value with no JSON form', () => {
    expect(() => stringifyExactJson(undefined)).toThrow(TypeError);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth', () => {
    const value = {
      b: 1,
      a: [{ d: 1, c: { f: 2, e: 3 } }],
      c: { z: null, y: 'x' },
    };

    const text = canonicalJson(value);

    expect(text).toBe(
      '{"a":[{"c":{"e":3,"f":2},"d":1}],"b":1,"c":{"y":"x","z":null}}',
    );
  });

  it('gives equal text for equal content in another key order', () => {
    const first = parseExactJson(
      '{"id":1,"price":2349.55,"country":{"name_en":"Poland","iso_code":"PL"}}',
    );
    const second = parseExactJson(
      '{"country":{"iso_code":"PL","name_en":"Poland"},"price":2349.55,"id":1}',
    );

    expect(canonicalJson(first)).toBe(canonicalJson(second));
  });

  it('gives other text for other content', () => {
    const first = parseExactJson('{"id":1,"status":"paid"}');
    const second = parseExactJson('{"id":1,"status":"cancelled"}');

    expect(canonicalJson(first)).not.toBe(canonicalJson(second));
  });

  it('keeps array order', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
  });

  it('keeps the digits of exact numbers', () => {
    const value = parseExactJson('{"profit":1200.0,"price":15000.0}');

    expect(canonicalJson(value)).toBe('{"price":15000.0,"profit":1200.0}');
  });
});

describe('isPlainObject', () => {
  it.each([
    { name: 'an object', value: {}, plain: true },
    { name: 'an array', value: [], plain: false },
    { name: 'null', value: null, plain: false },
    { name: 'a string', value: 'x', plain: false },
    { name: 'a NumberValue', value: NumberValue.from('1.5'), plain: false },
  ])('returns $plain for $name', ({ value, plain }) => {
    expect(isPlainObject(value)).toBe(plain);
  });
});
