import { Param, type PipeTransform } from '@nestjs/common';
import { ValidationError } from '@techbridge/domain';

/** The `:action` of `POST …/:id/actions/:action`: one of `actions`, anything else a 400 naming the parameter. */
export const ActionParam = <A extends string>(actions: readonly A[]): ParameterDecorator => {
  const oneOf: PipeTransform<string, A> = {
    transform(value) {
      if (!(actions as readonly string[]).includes(value)) throw ValidationError.of('action', 'isIn', `action must be one of ${actions.join(', ')}`);
      return value as A;
    },
  };
  return Param('action', oneOf);
};
