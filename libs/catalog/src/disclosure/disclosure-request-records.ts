import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, type CatalogKind, Disclosure, type DisclosureRequest, Organization } from '@techbridge/domain';
import { DataSource, In } from 'typeorm';
import { accessTo, disclosureHolders } from '../access';
import { ACHIEVEMENT_KIND } from '../achievement-kind';
import type { CatalogEntity, CatalogKindSpec } from '../catalog-kind';
import { DEMAND_KIND } from '../demand-kind';

const SPECS: Readonly<Record<CatalogKind, CatalogKindSpec<CatalogEntity, unknown>>> = {
  demand: DEMAND_KIND as unknown as CatalogKindSpec<CatalogEntity, unknown>,
  achievement: ACHIEVEMENT_KIND as unknown as CatalogKindSpec<CatalogEntity, unknown>,
};

/** A request as one caller may read it. */
export interface DisclosureRequestRecord {
  request: DisclosureRequest;
  /** Named as the caller may name it: its title for whoever reads it in full, else its neutral title. */
  item: { kind: CatalogKind; id: string; title: string; redacted: boolean };
  requester: { id: string; name: string };
  /** Who owns the item: only for a caller who reads the item in full (a confidential owner stays unnamed until it discloses). */
  owner: { id: string; name: string } | null;
}

/** Shapes requests for a caller: item faces by the one visibility rule, owners named only where the item is open to the caller. */
@Injectable()
export class DisclosureRequestRecords {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async of(actor: Actor, request: DisclosureRequest): Promise<DisclosureRequestRecord>;
  async of(actor: Actor, requests: DisclosureRequest[]): Promise<DisclosureRequestRecord[]>;
  async of(actor: Actor, requests: DisclosureRequest | DisclosureRequest[]): Promise<DisclosureRequestRecord | DisclosureRequestRecord[]> {
    const list = Array.isArray(requests) ? requests : [requests];
    const manager = this.dataSource.manager;
    const idsOf = (kind: CatalogKind) => [...new Set(list.filter((r) => r.itemKind === kind).map((r) => r.itemId))];
    const orgIds = [...new Set(list.flatMap((r) => [r.ownerOrganizationId, r.requesterOrganizationId]))];
    const callerOrgs = disclosureHolders(actor);
    const [demands, achievements, orgs, disclosures] = list.length
      ? await Promise.all([
          manager.findBy(SPECS.demand.entity, { id: In(idsOf('demand')) }),
          manager.findBy(SPECS.achievement.entity, { id: In(idsOf('achievement')) }),
          manager.findBy(Organization, { id: In(orgIds) }),
          callerOrgs.length ? manager.findBy(Disclosure, { itemId: In(list.map((r) => r.itemId)), organizationId: In(callerOrgs) }) : [],
        ])
      : [[], [], [], []];
    const items = new Map([...demands, ...achievements].map((i) => [i.id, i]));
    const names = new Map(orgs.map((o) => [o.id, o.name]));
    const disclosed = new Set(disclosures.map((d) => `${d.itemKind}:${d.itemId}`));
    const records = list.map((request): DisclosureRequestRecord => {
      const item = items.get(request.itemId)!;
      const full = accessTo(actor, item, SPECS[request.itemKind].listed, disclosed.has(`${request.itemKind}:${request.itemId}`)) === 'full';
      const org = (id: string) => ({ id, name: names.get(id) ?? '' });
      return {
        request,
        item: { kind: request.itemKind, id: item.id, title: full ? item.title : item.neutralTitle, redacted: !full },
        requester: org(request.requesterOrganizationId),
        owner: full ? org(request.ownerOrganizationId) : null,
      };
    });
    return Array.isArray(requests) ? records : records[0];
  }
}
