import { type ArgumentMetadata, ValidationPipe, type ValidationError as ClassValidatorError } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { DECORATORS } from '@nestjs/swagger';
import { type FieldProblem, ValidationError } from '@techbridge/domain';
import type { ValidatorOptions } from 'class-validator';

/**
 * When a field breaks several rules, the one reported is the most basic: an unknown field, then
 * null or a NUL character, then the wrong type, then anything else (length, range, format) in the
 * order the rules ran. So `{"reason": 5}` is "must be a string", not "too long".
 */
const RANK: Record<string, number> = { unknown_field: 0, isNotNull: 1, isDefined: 1, nulCharacter: 2 };
for (const type of ['isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'isObject', 'nestedValidation']) RANK[type] = 3;
const rank = (code: string) => RANK[code] ?? 4;

const NOT_AN_OBJECT = 'the request body must be a JSON object';

/** Flattens class-validator's tree into `field.path: reason` entries (arrays as `items.0.name`), one per field. */
export function fieldProblems(errors: ClassValidatorError[], parent = ''): FieldProblem[] {
  const byField = new Map<string, FieldProblem>();
  const collect = (errors: ClassValidatorError[], parent: string) => {
    for (const error of errors) {
      const field = parent ? `${parent}.${error.property}` : error.property;
      for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
        const unknown = constraint === 'whitelistValidation';
        const problem = { field, code: unknown ? 'unknown_field' : constraint, message: unknown ? `${field} is not an accepted field` : field === 'body' && constraint === 'isObject' ? NOT_AN_OBJECT : message };
        const kept = byField.get(field);
        if (!kept || rank(problem.code) < rank(kept.code)) byField.set(field, problem);
      }
      if (error.children?.length) collect(error.children, field);
    }
  };
  collect(errors, parent);
  return [...byField.values()];
}

const REJECTS_NULL = Symbol('rejectsNull');

/**
 * On a DTO class (inherited by subclasses; a PartialType needs its own): null is refused for every
 * property the API does not document as `nullable: true` — IsOptional alone lets null through to
 * columns and code that cannot take it. Opt-in per class because some DTOs (events) accept null on
 * optional fields to clear them without documenting it yet.
 */
export const RejectsNull = (): ClassDecorator => (target) => Reflect.defineMetadata(REJECTS_NULL, true, target);

const rejectsNull = (dto: object): boolean => !!Reflect.getMetadata(REJECTS_NULL, dto.constructor);
const nullable = (dto: object, property: string): boolean =>
  !!(Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, dto, property) as { nullable?: boolean } | undefined)?.nullable;

/**
 * Rules for every input, checked in the pipeline whatever the DTO: never the NUL character, which
 * PostgreSQL text cannot store; and null only where allowed (see RejectsNull).
 */
export function inputErrors(value: unknown, path = ''): ClassValidatorError[] {
  if (typeof value === 'string') {
    return value.includes('\u0000') ? [{ property: path, constraints: { nulCharacter: `${path} must not contain the NUL character (U+0000)` }, children: [] }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => inputErrors(item, path ? `${path}.${i}` : String(i)));
  if (!value || typeof value !== 'object' || Buffer.isBuffer(value)) return [];
  const strict = rejectsNull(value);
  return Object.entries(value).flatMap(([key, item]) => {
    const at = path ? `${path}.${key}` : key;
    if (item === null && strict && !nullable(value, key)) return [{ property: at, constraints: { isNotNull: `${at} must not be null` }, children: [] }];
    return inputErrors(item, at);
  });
}

class StrictValidationPipe extends ValidationPipe {
  /** A JSON array where a DTO is expected is refused as a whole, before its elements read as fields "0", "1", … */
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && Array.isArray(value) && typeof metadata.metatype === 'function' && this.toValidate(metadata)) {
      throw ValidationError.of('body', 'isObject', NOT_AN_OBJECT);
    }
    return super.transform(value, metadata);
  }

  protected override async validate(object: object, validatorOptions?: ValidatorOptions): Promise<ClassValidatorError[]> {
    return [...inputErrors(object), ...(await super.validate(object, validatorOptions))];
  }
}

/** Strict input: unknown fields are rejected (no mass assignment), types are converted explicitly. */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // Every rule runs, so that the most basic failure of a field can be reported (see RANK).
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = fieldProblems(errors);
      return new ValidationError(fields, fields.map((f) => `${f.field}: ${f.message}`).join('; '));
    },
  });
}

/** A query parameter listing several codes, comma-separated (`status=pending,approved`), read as an array. */
export const CommaList = (): PropertyDecorator => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',') : value));

/** Surrounding white space is not part of a name or an e-mail address. */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
