import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** A page of a list, counted from 1. */
export interface PageRequest {
  page: number;
  pageSize: number;
}

/** One page of what `qb` selects (in its order) and how many rows there are in all. */
export async function pageOf<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, { page, pageSize }: PageRequest): Promise<{ items: T[]; total: number }> {
  const [items, total] = await qb.skip((page - 1) * pageSize).take(pageSize).getManyAndCount();
  return { items, total };
}
