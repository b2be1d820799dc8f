import { randomBytes } from 'node:crypto';
import { errInvalidName, PodyardError, ErrorCode } from '../../shared/errors.js';

const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** A new 64-hex object id. */
export function newId(): string {
  return randomBytes(32).toString('hex');
}

/** Throws Podman's error for a name that does not match `[a-zA-Z0-9][a-zA-Z0-9_.-]*`. */
export function validateName(name: string): void {
  if (!NAME_RE.test(name) || name.length > 253) throw errInvalidName();
}

/**
 * Resolves a user's reference (full name, full id or unique id prefix) to an id,
 * Podman's way: an exact name wins, then a full id, then a unique prefix.
 */
export function resolveRef(
  ref: string,
  byName: (n: string) => string | undefined,
  byPrefix: (p: string) => string[],
  notFound: (ref: string) => PodyardError,
): string {
  if (ref === '') throw notFound(ref);
  const named = byName(ref);
  if (named !== undefined) return named;
  if (/^[0-9a-f]+$/.test(ref)) {
    const ids = byPrefix(ref);
    if (ids.length === 1) return ids[0]!;
    if (ids.length > 1) {
      throw new PodyardError(
        ErrorCode.InvalidArgument,
        `more than one result for ID ${ref}: use a longer prefix or the full ID`,
      );
    }
  }
  throw notFound(ref);
}
