import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '../http/auth.guard';
import { API_PREFIX, API_VERSION } from '../http/configure-app';

const api = (path: string) => `/${API_PREFIX}${path}`;

class ApiIndexLinks {
  @ApiProperty({ example: '/docs', description: 'Swagger UI' }) docs: string;
  @ApiProperty({ example: '/docs-json', description: 'the OpenAPI document' }) openapi: string;
  @ApiProperty({ example: '/health' }) health: string;
  @ApiProperty({ example: '/health/ready' }) ready: string;
  @ApiProperty({ example: api('/auth/register') }) register: string;
  @ApiProperty({ example: api('/auth/login') }) login: string;
  @ApiProperty({ example: api('/auth/refresh') }) refresh: string;
}

export class ApiIndexView {
  @ApiProperty({ example: 'TechBridge API' }) name: string;
  @ApiProperty({ example: API_VERSION }) version: string;
  @ApiProperty() links: ApiIndexLinks;
}

const INDEX: ApiIndexView = {
  name: 'TechBridge API',
  version: API_VERSION,
  links: {
    docs: '/docs', openapi: '/docs-json', health: '/health', ready: '/health/ready',
    register: api('/auth/register'), login: api('/auth/login'), refresh: api('/auth/refresh'),
  },
};

/** The API's root: what `npm start` prints as the API address answers with where to go next. */
@ApiTags('health')
@Public()
@Controller()
export class IndexController {
  @Get()
  @ApiOperation({ summary: 'Index: the API name and version, with links to its docs, health checks and sign-in' })
  index(): ApiIndexView {
    return INDEX;
  }
}
