import { Param, ParseUUIDPipe } from '@nestjs/common';
import { ValidationError } from '@techbridge/domain';

/** A path parameter that must be a UUID; anything else is a 400 naming the parameter. */
export const UuidParam = (name: string): ParameterDecorator =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => ValidationError.of(name, 'isUuid', `${name} must be a UUID`) }));
