import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { todayInChina } from '@techbridge/catalog';
import type { Response } from 'express';
import { IsIn, IsOptional } from 'class-validator';

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

/** Sends a spreadsheet as a download named after what it holds and today's date in China (the platform's days), e.g. demands-2026-12-06.xlsx. */
export function sendSpreadsheet(res: Response, content: Buffer, format: 'csv' | 'xlsx', name: string): void {
  res.setHeader('Content-Type', CONTENT_TYPES[format]);
  res.setHeader('Content-Disposition', `attachment; filename="${name}-${todayInChina()}.${format}"`);
  res.send(content);
}

/** The `format` query of a download: XLSX unless CSV is asked for. */
export const SpreadsheetFormat = (): PropertyDecorator =>
  applyDecorators(ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'xlsx' }), IsOptional(), IsIn(['csv', 'xlsx']));
