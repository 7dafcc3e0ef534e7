/**
 * Errors that carry an exit code and a one-line message for the user.
 * InputError: bad input or usage (exit 2). AnalysisError: the analysis could not complete (exit 1).
 * Messages say what is wrong, where (file, line/byte offset, feature id) and what to do.
 */
export class LifecircleError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InputError extends LifecircleError {
  constructor(message: string) {
    super(message, 2);
  }
}

export class AnalysisError extends LifecircleError {
  constructor(message: string) {
    super(message, 1);
  }
}
