import type { IConstruct } from 'constructs';

/** A prop of a construct in this app is invalid. */
export class InvalidPropError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPropError';
  }
}

/**
 * Creates the error for an invalid prop. The message starts with the
 * construct path, then names the prop and the fix.
 */
export function invalidProp(
  scope: IConstruct,
  prop: string,
  reason: string,
): InvalidPropError {
  return new InvalidPropError(`${scope.node.path}: invalid ${prop}: ${reason}`);
}
