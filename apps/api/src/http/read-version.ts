import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Min } from 'class-validator';

const DESCRIPTION = 'the version you read; a newer one on the server makes this a 409';

/**
 * The `version` a client read, for optimistic concurrency: required where a change must be based
 * on what the client saw (edits), optional where the step is safe to take blind (actions).
 */
export const ReadVersion = ({ required }: { required: boolean }): PropertyDecorator =>
  required
    ? applyDecorators(ApiProperty({ description: DESCRIPTION, minimum: 1 }), Min(1), IsInt())
    : applyDecorators(ApiPropertyOptional({ description: DESCRIPTION, minimum: 1 }), IsOptional(), Min(1), IsInt());
