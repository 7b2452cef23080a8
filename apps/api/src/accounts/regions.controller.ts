import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotFoundError, type Region, Regions, ValidationError } from '@techbridge/domain';
import { Public } from '../http/auth.guard';

@ApiTags('reference')
@Controller('regions')
export class RegionsController {
  @Get(':code')
  @Public()
  @ApiOperation({ summary: 'A GB/T 2260 administrative division and its children' })
  get(@Param('code') code: string): Region & { children: Region[] } {
    if (!/^\d{6}$/.test(code)) throw ValidationError.of('code', 'matches', 'code must be a 6-digit GB/T 2260 code');
    const region = Regions.get(code);
    if (!region) throw new NotFoundError('region', code);
    return { ...region, children: Regions.children(code) };
  }
}
