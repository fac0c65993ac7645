// Broad exception handlers: `except:`, `except Exception`, or a library's base error class that
// catches every failure of its I/O (`requests.RequestException`, `GoogleAPIError`, DB-API
// `Error`/`DatabaseError`, `SQLAlchemyError`), from the catalogue's `broadErrors`.

import type { PythonFacts } from '../python/python-facts';
import { LIBRARIES, libraryOfModule } from './catalogue';
import type { Library } from './types';

const BUILTIN_BROAD = new Set(['Exception', 'BaseException', 'builtins.Exception', 'builtins.BaseException']);

const BROAD_ERRORS = new Map<string, Library>();
for (const library of LIBRARIES) for (const name of library.broadErrors ?? []) if (!BROAD_ERRORS.has(name)) BROAD_ERRORS.set(name, library);

/** `Exception` or `BaseException` (as written, or resolved through an import). */
export function isBuiltinBroadException(name: string, py: PythonFacts): boolean {
  return BUILTIN_BROAD.has(name) || BUILTIN_BROAD.has(py.resolveName(name));
}

/** The library whose base error class `name` is (resolved through imports), or null. */
export function broadErrorLibrary(name: string, py: PythonFacts): Library | null {
  return BROAD_ERRORS.get(py.resolveName(name)) ?? null;
}

/** Whether a handler catching `types` (empty: a bare `except:`) catches every failure of the I/O around it. */
export function isBroadHandler(types: readonly string[], py: PythonFacts): boolean {
  return types.length === 0 || types.some((t) => isBuiltinBroadException(t, py) || broadErrorLibrary(t, py) !== null);
}

/**
 * PEP 249's `IntegrityError` (or psycopg's `UniqueViolation`) of a database library: raised when
 * a write breaks a unique or primary key. Code that catches it around a load relies on the key to
 * turn a second write of the same rows into an error instead of duplicates.
 * https://peps.python.org/pep-0249/#integrityerror
 */
export function isIntegrityError(name: string, py: PythonFacts): boolean {
  const resolved = py.resolveName(name);
  if (!/(^|\.)(IntegrityError|UniqueViolation)$/.test(resolved) || !resolved.includes('.')) return false;
  return libraryOfModule(resolved) !== null;
}
