// The one shape of a check, whatever it checks: a request field, an option, a URL, a response body.

/**
 * Why `value` breaks a rule, or undefined when it does not. A check of a request field or an option says it in
 * words (`must be a UUID`); a check of a response body `Says` a ShapeProblem, as it must also name the field to
 * blame, and is told `path`, where in the body `value` was found. `Value` is unknown unless the check runs after
 * another that already held the value to its shape (an operation's own checks of a body).
 */
export type Check<Says = string, Value = unknown> = (value: Value, path?: string) => Says | undefined;

/** How a response body breaks its shape: the field to blame (undefined for the body itself), and what is wrong. */
export interface ShapeProblem {
  field: string | undefined;
  says: string;
}
