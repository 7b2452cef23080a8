import { ValidateIf } from 'class-validator';

/** May be left out, but not null: for fields that always have a value (IsOptional would let null through). */
export const Omittable = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);
