import { Param, type PipeTransform } from '@nestjs/common';
import { ValidationError } from '@techbridge/domain';

/** A path parameter that is one of `values`; anything else is a 400 naming the parameter. */
export const OneOfParam = <A extends string>(name: string, values: readonly A[]): ParameterDecorator => {
  const oneOf: PipeTransform<string, A> = {
    transform(value) {
      if (!(values as readonly string[]).includes(value)) throw ValidationError.of(name, 'isIn', `${name} must be one of ${values.join(', ')}`);
      return value as A;
    },
  };
  return Param(name, oneOf);
};

/** The `:action` of `POST …/:id/actions/:action`: one of `actions`, anything else a 400 naming the parameter. */
export const ActionParam = <A extends string>(actions: readonly A[]): ParameterDecorator => OneOfParam('action', actions);
