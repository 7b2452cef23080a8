import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * class-validator's MaxLength, counting characters as PostgreSQL does (code points). Its own does
 * not count the variation selectors U+FE0E / U+FE0F, so a longer value passed it and failed at the
 * varchar column instead: a 500 rather than a 400 naming the field.
 */
export function MaxLength(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxLength',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && [...value].length <= max,
        defaultMessage: buildMessage((each) => `${each}$property must be shorter than or equal to $constraint1 characters`, options),
      },
    },
    options,
  );
}
