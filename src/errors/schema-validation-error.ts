import type { StandardSchemaV1 } from '../standard-schema.js';
import { InvalidMessageError } from './invalid-message-error.js';

/**
 * An incoming message parsed, but its schema rejected it. `issues` are the schema library's own.
 *
 * @example
 * ```ts
 * socket.data$.pipe(json(Message, { report: (e) => e instanceof SchemaValidationError && console.table(e.issues) }));
 * ```
 */
export class SchemaValidationError extends InvalidMessageError {
  /** The error's name, `'SchemaValidationError'`, also across realms and bundles (see `isRxWebSocketError`). */
  override name = 'SchemaValidationError';
  /** The issues the schema reported. */
  readonly issues: ReadonlyArray<StandardSchemaV1.Issue>;

  /**
   * @param issues - the schema's issues.
   * @param preview - the payload's preview.
   * @param cause - set when the schema threw instead of reporting issues.
   */
  constructor(issues: ReadonlyArray<StandardSchemaV1.Issue>, preview: string, cause?: unknown) {
    super(`The message does not match the schema: ${describeIssues(issues)}.`, preview, { cause });
    this.issues = issues;
  }
}

function describeIssues(issues: ReadonlyArray<StandardSchemaV1.Issue>): string {
  const shown = issues.slice(0, 3).map((issue) => {
    const path = issue.path?.map((segment) => String(typeof segment === 'object' ? segment.key : segment)).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  return issues.length > 3 ? `${shown.join('; ')}; and ${issues.length - 3} more` : shown.join('; ');
}
