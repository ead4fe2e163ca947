import { describe, expect, it } from 'vitest';
import { parseCheckpoint } from '../../lambda/checkpoint';
import { ConfigurationError } from '../../lambda/errors';

const PARAMETER = '/tripster-order-sync/p1/checkpoint';

const RESUME_POINT = {
  since: '2024-05-01 11:55:00',
  next: 'https://experience.tripster.ru/api/partners/p1/experienceorders/?page=3&updated_after=2024-05-01T11:55:00&format=json',
  count: 250,
  pass_cursor: '2024-05-01 12:00:00',
  pages: 2,
  drifted: false,
};

function checkpointError(text: string): Error {
  try {
    parseCheckpoint(text, PARAMETER);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`parseCheckpoint accepted ${text}`);
}

describe('parseCheckpoint', () => {
  it('reads {} as never synced', () => {
    const checkpoint = parseCheckpoint('{}', PARAMETER);

    expect(checkpoint).toStrictEqual({ feeds: {} });
  });

  it('reads null feeds as never synced', () => {
    const checkpoint = parseCheckpoint('{"feeds":null}', PARAMETER);

    expect(checkpoint.feeds).toStrictEqual({});
  });

  it('reads a full checkpoint', () => {
    const value = {
      feeds: {
        updated_after: { cursor: '2024-05-01 12:00:00' },
        schedule_updated_after: {
          cursor: '2024-05-01 11:00:00',
          resume: RESUME_POINT,
        },
      },
      last_run: { pages_fetched: 3, orders_written: 12 },
    };

    const checkpoint = parseCheckpoint(JSON.stringify(value), PARAMETER);

    expect(checkpoint).toEqual(value);
  });

  it('reads a feed with a resume point and no cursor yet', () => {
    const value = { feeds: { updated_after: { resume: RESUME_POINT } } };

    const checkpoint = parseCheckpoint(JSON.stringify(value), PARAMETER);

    expect(checkpoint.feeds.updated_after?.resume).toEqual(RESUME_POINT);
  });

  it.each([
    ['empty text', '', 'not JSON'],
    ['broken JSON', '{"feeds":', 'not JSON'],
    ['an array', '[]', 'not a JSON object'],
    ['null', 'null', 'not a JSON object'],
    ['a string', '"{}"', 'not a JSON object'],
    ['feeds as an array', '{"feeds":[]}', 'feeds is not an object'],
    ['feeds as a string', '{"feeds":"x"}', 'feeds is not an object'],
    [
      'a feed as a string',
      '{"feeds":{"updated_after":"2024-05-01 12:00:00"}}',
      'feeds.updated_after: not an object',
    ],
    [
      'an ISO cursor',
      '{"feeds":{"updated_after":{"cursor":"2024-05-01T12:00:00"}}}',
      'feeds.updated_after: cursor "2024-05-01T12:00:00" is not YYYY-MM-DD HH:MM:SS',
    ],
    [
      'a date-only cursor',
      '{"feeds":{"schedule_updated_after":{"cursor":"2024-05-01"}}}',
      'feeds.schedule_updated_after: cursor "2024-05-01" is not YYYY-MM-DD HH:MM:SS',
    ],
    [
      'an impossible cursor',
      '{"feeds":{"updated_after":{"cursor":"2024-02-30 00:00:00"}}}',
      'feeds.updated_after: cursor "2024-02-30 00:00:00" is not YYYY-MM-DD HH:MM:SS',
    ],
    [
      'a numeric cursor',
      '{"feeds":{"updated_after":{"cursor":1714564800}}}',
      'feeds.updated_after: cursor 1714564800 is not YYYY-MM-DD HH:MM:SS',
    ],
  ])('rejects %s', (_case, text, detail) => {
    const error = checkpointError(text);

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain(
      `Checkpoint parameter ${PARAMETER} is invalid: ${detail}`,
    );
    expect(error.message).toContain('set it to {} to sync again');
  });

  it.each([
    ['not an object', 'page 3'],
    ['missing since', { ...RESUME_POINT, since: undefined }],
    ['an ISO since', { ...RESUME_POINT, since: '2024-05-01T11:55:00' }],
    ['a bad pass_cursor', { ...RESUME_POINT, pass_cursor: 'now' }],
    ['no next', { ...RESUME_POINT, next: undefined }],
    ['a numeric next', { ...RESUME_POINT, next: 3 }],
    ['a string count', { ...RESUME_POINT, count: '250' }],
    ['a fractional count', { ...RESUME_POINT, count: 2.5 }],
    ['no pages', { ...RESUME_POINT, pages: undefined }],
    ['a string drifted', { ...RESUME_POINT, drifted: 'false' }],
  ])('rejects a resume point with %s', (_case, resume) => {
    const text = JSON.stringify({ feeds: { updated_after: { resume } } });

    const error = checkpointError(text);

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain(
      `Checkpoint parameter ${PARAMETER} is invalid: feeds.updated_after: resume is not a valid resume point (delete it to restart the pass)`,
    );
    expect(error.message).toContain('set it to {} to sync again');
  });

  it('says how to reset the checkpoint', () => {
    const error = checkpointError('not json');

    expect(error.message).toBe(
      `Checkpoint parameter ${PARAMETER} is invalid: not JSON. Fix it, or set it to {} to sync again from INITIAL_SYNC_START.`,
    );
  });
});
