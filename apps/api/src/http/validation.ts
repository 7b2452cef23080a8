import { ValidationPipe, type ValidationError as ClassValidatorError } from '@nestjs/common';
import { type FieldProblem, ValidationError } from '@techbridge/domain';

/** Flattens class-validator's tree into `field.path: reason` entries (arrays as `items.0.name`). */
export function fieldProblems(errors: ClassValidatorError[], parent = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      const unknown = constraint === 'whitelistValidation';
      problems.push({
        field,
        code: unknown ? 'unknown_field' : constraint,
        message: unknown ? `${field} is not an accepted field` : message,
      });
    }
    if (error.children?.length) problems.push(...fieldProblems(error.children, field));
  }
  return problems;
}

/** Strict input: unknown fields are rejected (no mass assignment), types are converted explicitly. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // One reason per field: the first failing rule is the one worth fixing.
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = fieldProblems(errors);
      return new ValidationError(fields, fields.map((f) => `${f.field}: ${f.message}`).join('; '));
    },
  });
}
