import { AuditLog } from '@techbridge/accounts';
import {
  assertVersion,
  type Actor,
  assertAction,
  ConflictError,
  Disclosure,
  ForbiddenError,
  InvalidStateError,
  NotFoundError,
  onBehalfOf,
  Organization,
  ValidationError,
} from '@techbridge/domain';
import { notify, redactNoticesAbout, type WithdrawnItem } from '@techbridge/notifications';
import { readQuery } from '@techbridge/database';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { type Access, accessTo, disclosureHolders, ownsItem } from './access';
import type { CatalogEntity, CatalogKindSpec } from './catalog-kind';
import { normalizeExternalRef, passedChallengeDeadline, todayInChina, updateProblems } from './rules/item-rules';
import { fieldLabel, type TaxonomySnapshot } from './rules/taxonomy-snapshot';
import { buildCatalogCountQuery, buildCatalogQuery, buildUnseenWordsQuery, type CatalogQuery, type CatalogQueryTarget } from './search/catalog-query';
import { itemVectors } from './search/item-vectors';
import { queryWords, quoteLexeme, tsqueryLiteral } from './search/search-text';
import type { TaxonomyService } from './taxonomy.service';
import { exportCells, type ExportFormat, writeSpreadsheet } from './io/export';
import { answerPendingRequests, KIND_LABELS, lapsePendingRequests } from './disclosure/request-rules';
import { noticeSubscribers } from './subscriptions/subscriber-notices';

export const MAX_EXPORT_ROWS = 50_000;
/** Rows an export reads per query: only one page of entities is held besides the cells. */
export const EXPORT_PAGE_SIZE = 1_000;

/** Runs a read-only query and answers its rows. */
export type CatalogReader = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/** Where a search reads, and the day it takes as today (for lapsed demands). */
export interface CatalogReadContext {
  read: CatalogReader;
  today: string;
}

/** The fields a client gave: one left out (or undefined) keeps its default or stored value. */
export const present = <T extends object>(input: T): Partial<T> => Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;

export interface CatalogRecord<E> {
  item: E;
  access: Access;
}

export type WithNeutralTitle = { neutralTitle?: string | null; externalRef?: string | null };

/** What a lifecycle step may change along with the status (see CatalogItems.changeWith). */
export interface TransitionChanges {
  /** A 揭榜挂帅 challenge's new deadline, set as it is resumed (reopened for applications). */
  deadline?: string;
}

/**
 * A rule a lib above the catalogue adds to editing an item (the challenges lib: a challenge with live
 * applications keeps its `challenge`). Runs in the edit's transaction, the item locked, before
 * anything is written; throws a domain error to refuse.
 */
export type CatalogUpdateGuard<E, I> = (manager: EntityManager, item: E, change: { before: I; after: I }) => Promise<void>;

/** Either kind, when code works on both alike (imports). */
export type SomeCatalogItems = CatalogItems<CatalogEntity, WithNeutralTitle>;

/** The catalogue's use cases, once for both kinds (see CatalogKindSpec for what differs). */
export abstract class CatalogItems<E extends CatalogEntity, I extends WithNeutralTitle> {
  protected constructor(
    readonly spec: CatalogKindSpec<E, I>,
    protected readonly dataSource: DataSource,
    protected readonly taxonomy: TaxonomyService,
    protected readonly audit: AuditLog,
  ) {}

  private readonly updateGuards: Array<CatalogUpdateGuard<E, I>> = [];

  /** Adds a guard to every edit (see CatalogUpdateGuard); a lib registers it once, from a provider's constructor. */
  guardUpdates(guard: CatalogUpdateGuard<E, I>): void {
    this.updateGuards.push(guard);
  }

  /** Runs the registered guards on an edit of `item` (locked in `manager`) from `before` to `after`. */
  async assertUpdateAllowed(manager: EntityManager, item: E, change: { before: I; after: I }): Promise<void> {
    for (const guard of this.updateGuards) await guard(manager, item, change);
  }

  private get resource(): string {
    return this.spec.kind;
  }

  private validate(input: I, taxonomy: TaxonomySnapshot, before?: I): void {
    const all = this.spec.problems(input, taxonomy);
    const problems = before ? updateProblems(all, before, input) : all;
    if (problems.length) throw new ValidationError(problems, problems.map((p) => p.message).join('; '));
  }

  /** Writes input, neutral title and both search vectors onto an entity inside `manager`. */
  async write(manager: EntityManager, item: E, input: I, taxonomy: TaxonomySnapshot): Promise<E> {
    this.spec.assign(item, input);
    item.neutralTitle = input.neutralTitle?.trim() || this.spec.defaultNeutralTitle(fieldLabel(taxonomy, item.fieldCode));
    const saved = await manager.save(item);
    await this.writeSearchVectors(manager, [saved], taxonomy);
    return saved;
  }

  /** `write`, where the only unique key a client controls is its externalRef: a clash is a 409 naming it. */
  private writeOwnRef(manager: EntityManager, item: E, input: I, taxonomy: TaxonomySnapshot): Promise<E> {
    return this.write(manager, item, input, taxonomy).catch((err) => {
      if ((err as { code?: string }).code === '23505') {
        throw new ConflictError('external_ref_taken', `externalRef is already used by another ${this.resource} of this organisation`, [{ field: 'externalRef', code: 'taken', message: `externalRef "${input.externalRef}" is already used` }]);
      }
      throw err;
    });
  }

  async writeSearchVectors(manager: EntityManager, items: E[], taxonomy: TaxonomySnapshot): Promise<void> {
    if (!items.length) return;
    const vectors = items.map((item) => itemVectors(this.spec, item, taxonomy));
    await manager.query(
      `UPDATE ${this.spec.table} AS t SET search_full = v.full_text::tsvector, search_open = v.open_text::tsvector
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, full_text, open_text) WHERE t.id = v.id`,
      [items.map((i) => i.id), vectors.map((v) => v.full), vectors.map((v) => v.open)],
    );
  }

  /** The organisation a new item belongs to: the caller's, or the one a broker acts for. */
  async ownerFor(manager: EntityManager, actor: Actor): Promise<Organization> {
    const organizationId = onBehalfOf(actor);
    if (!organizationId) throw new ForbiddenError('no_organization', 'only members of an organisation (or brokers acting for one) can do this');
    const org = await manager.findOneByOrFail(Organization, { id: organizationId });
    if (!this.spec.ownerTypes.includes(org.type)) {
      throw new ForbiddenError('organization_type', `organisations of type ${org.type} cannot own ${this.resource}s`);
    }
    return org;
  }

  async create(actor: Actor, given: Partial<I>): Promise<E> {
    const taxonomy = await this.taxonomy.snapshot();
    const input = { ...structuredClone(this.spec.defaults), ...present(given) } as I;
    input.externalRef = normalizeExternalRef(input.externalRef);
    this.validate(input, taxonomy);
    return this.dataSource.transaction(async (manager) => {
      const owner = await this.ownerFor(manager, actor);
      const item = manager.create(this.spec.entity, { organizationId: owner.id, createdBy: actor.userId, status: 'draft' } as never);
      const saved = await this.writeOwnRef(manager, item, input, taxonomy);
      await this.audit.record(manager, actor, { action: `${this.resource}.create`, resourceType: this.resource, resourceId: saved.id, organizationId: owner.id });
      return saved;
    });
  }

  private async disclosedTo(actor: Actor | null, itemId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const orgs = disclosureHolders(actor);
    return orgs.length > 0 && manager.existsBy(Disclosure, { itemKind: this.spec.kind, itemId, organizationId: In(orgs) });
  }

  /** `within`: the caller's open transaction, read through (a second pooled connection per transaction could exhaust the pool). */
  async get(actor: Actor | null, id: string, within: EntityManager = this.dataSource.manager): Promise<CatalogRecord<E>> {
    const item = await within.findOneBy(this.spec.entity, { id } as never);
    const access = item && accessTo(actor, item, this.spec.listed, await this.disclosedTo(actor, id, within));
    if (!item || !access) throw new NotFoundError(this.resource, id);
    if (this.spec.lapse?.lapsed(item, todayInChina())) item.status = this.spec.lapse.to;
    return { item, access };
  }

  /** Loads the item for a change by its owner, locked; not visible → 404, visible but not theirs → 403. */
  async forChange(manager: EntityManager, actor: Actor, id: string, version?: number): Promise<E> {
    const item = await manager.findOne(this.spec.entity, { where: { id } as never, lock: { mode: 'pessimistic_write' } });
    if (!item) throw new NotFoundError(this.resource, id);
    if (!ownsItem(actor, item)) {
      if (accessTo(actor, item, this.spec.listed, await this.disclosedTo(actor, id, manager))) throw new ForbiddenError('not_owner', `only the owner can change this ${this.resource}`);
      throw new NotFoundError(this.resource, id);
    }
    if (item.archivedAt) throw new InvalidStateError('archived', 'change');
    assertVersion(this.resource, item.version, version);
    return item;
  }

  async update(actor: Actor, id: string, changes: Partial<I>, version: number): Promise<E> {
    const taxonomy = await this.taxonomy.snapshot();
    return this.dataSource.transaction(async (manager) => {
      const item = await this.forChange(manager, actor, id, version);
      if (!this.spec.editable.includes(item.status)) throw new InvalidStateError(item.status, 'edit');
      const current = this.spec.toInput(item);
      // A neutral title that was only the default follows a change of field.
      if (current.neutralTitle === this.spec.defaultNeutralTitle(fieldLabel(taxonomy, item.fieldCode))) current.neutralTitle = null;
      const input = { ...current, ...present(changes) } as I;
      // A blank reference (or null) clears it.
      input.externalRef = normalizeExternalRef(input.externalRef);
      this.validate(input, taxonomy, current);
      await this.assertUpdateAllowed(manager, item, { before: current, after: input });
      const wasConfidential = item.visibility === 'confidential';
      const saved = await this.writeOwnRef(manager, item, input, taxonomy);
      if (!wasConfidential && saved.visibility === 'confidential') {
        const disclosedTo = (await manager.findBy(Disclosure, { itemKind: this.spec.kind, itemId: id })).map((d) => d.organizationId);
        await redactNoticesAbout(manager, this.withdrawn(saved), { keepFor: disclosedTo });
      }
      await this.audit.record(manager, actor, { action: `${this.resource}.update`, resourceType: this.resource, resourceId: id, organizationId: item.organizationId, details: { fields: Object.keys(changes) } });
      return saved;
    });
  }

  async transition(actor: Actor, id: string, action: string, version?: number, changes: TransitionChanges = {}): Promise<E> {
    assertAction(this.spec.transitions, action);
    const transition = this.spec.transitions[action]!;
    return this.dataSource.transaction(async (manager) => {
      const item = await this.forChange(manager, actor, id, version);
      if (!transition.from.includes(item.status)) {
        throw new InvalidStateError(item.status, action, transition.to, `cannot ${action} a ${this.resource} that is ${item.status}: ${action} leads from ${transition.from.join(' or ')} to ${transition.to}`);
      }
      if (transition.publishes) await this.assertMayPublish(manager, item);
      if (transition.to === 'published') this.assertCurrent(item, action);
      const changed = this.changeWith(item, action, present(changes));
      // Listed as published again (resume) is open for applications again, just as publishing.
      if (transition.to === 'published') this.assertOpenChallenge(item, action);
      const from = item.status;
      // Subscribers hear of an item once, when it is first published, not each time it is listed again.
      const firstPublication = !!transition.publishes && !item.publishedAt;
      item.status = transition.to;
      if (transition.publishes) item.publishedAt = new Date();
      const saved = await manager.save(item);
      await this.audit.record(manager, actor, { action: `${this.resource}.${action}`, resourceType: this.resource, resourceId: id, organizationId: item.organizationId, details: { from, to: transition.to, ...changed } });
      if (firstPublication) await noticeSubscribers(manager, this.spec.kind, [saved], await this.taxonomy.snapshot(manager));
      return saved;
    });
  }

  /**
   * Hook: applies what a step may change with it (a challenge's new deadline on resume) and
   * answers it for the audit trail; by default a step changes nothing, and naming a change is a 400.
   */
  protected changeWith(_item: E, action: string, changes: TransitionChanges): Record<string, unknown> {
    ValidationError.throwIfAny(Object.keys(changes).map((field) => ({ field, code: 'notAllowed', message: `${field} is not changed by ${action}` })));
    return {};
  }

  /** Hook: may the item be listed as published again (publish, resume)? E.g. a demand's validity date. */
  protected assertCurrent(_item: E, _action: string): void {}

  /**
   * A 揭榜挂帅 challenge is published (or resumed) open for applications: one whose deadline has
   * passed needs a new deadline first.
   */
  private assertOpenChallenge(item: E, action: string): void {
    const deadline = passedChallengeDeadline(this.spec.toInput(item));
    if (deadline) {
      const remedy = action === 'publish' ? 'set a later one (or make it an ordinary demand) before publishing' : 'its applications are closed: resume it with a new deadline (body `deadline`) to reopen them';
      throw new InvalidStateError(item.status, action, 'published', `the challenge's deadline (${deadline}) has passed: ${remedy}`);
    }
  }

  /** Hook for kind-specific publishing rules (a demand's validity date, …). */
  protected async assertMayPublish(manager: EntityManager, item: E): Promise<void> {
    // FOR SHARE: a withdrawal of the verification either waits for this publication or is seen by it.
    const org = await manager.findOneOrFail(Organization, { where: { id: item.organizationId }, lock: { mode: 'pessimistic_read' } });
    if (!org.verified) throw new ForbiddenError('organization_not_verified', 'the organisation must be verified by the platform before it can publish');
  }

  async archive(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const item = await this.forChange(manager, actor, id);
      if (!this.spec.archivable.includes(item.status)) {
        throw new InvalidStateError(item.status, 'archive', undefined, `cannot archive a ${this.resource} that is ${item.status}: close it first`);
      }
      item.archivedAt = new Date();
      await manager.save(item);
      await this.audit.record(manager, actor, { action: `${this.resource}.archive`, resourceType: this.resource, resourceId: id, organizationId: item.organizationId });
      await lapsePendingRequests(manager, actor, { kind: this.spec.kind, id, neutralTitle: item.neutralTitle }, `发布方已下架该${KIND_LABELS[this.spec.kind]}。`);
    });
  }

  /** A hot read: on a replica when there are some, each query on whichever connection is free. */
  private pooled(): CatalogReadContext {
    return { read: (sql, params) => readQuery(this.dataSource, sql, params), today: todayInChina() };
  }

  async search(actor: Actor | null, query: CatalogQuery, context: CatalogReadContext = this.pooled()): Promise<{ records: Array<CatalogRecord<E>>; total: number }> {
    const strict = await this.searchOnce(actor, query, context);
    if (strict.total > 0 || !query.q || query.relaxed) return strict;
    // Nothing found. If some word never occurs whole in the catalogue (segmented differently
    // there), search again letting just those words match through their sub-words.
    const unseen = await this.unseenWords(actor, queryWords(query.q), context);
    if (!unseen.size || tsqueryLiteral(query.q, unseen) === tsqueryLiteral(query.q)) return strict;
    return this.searchOnce(actor, { ...query, relaxed: unseen }, context);
  }

  private async unseenWords(actor: Actor | null, words: string[], { read }: CatalogReadContext): Promise<Set<string>> {
    const { sql, params } = buildUnseenWordsQuery(this.spec, actor, words, words.map(quoteLexeme));
    const rows = await read<{ word: string }>(sql, params);
    return new Set(rows.map((r) => r.word));
  }

  private async searchOnce(actor: Actor | null, query: CatalogQuery, context: CatalogReadContext): Promise<{ records: Array<CatalogRecord<E>>; total: number }> {
    const stageColumn = this.spec.kind === 'demand' ? 'desired_stage' : 'stage';
    const repository = this.dataSource.getRepository(this.spec.entity);
    const columns = repository.metadata.columns.filter((c) => c.isSelect);
    const lapse = this.spec.lapse && { ...this.spec.lapse, today: context.today };
    const target: CatalogQueryTarget = { kind: this.spec.kind, table: this.spec.table, columns: columns.map((c) => c.databaseName), amountColumn: this.spec.amountColumn, listed: this.spec.listed, stageColumn, lapse };
    const { sql, params } = buildCatalogQuery(target, actor, query);
    const rows = await context.read<Record<string, unknown> & { current_status: string; full_access: boolean; total: string }>(sql, params);
    const hydrate = (row: Record<string, unknown> & { current_status: string }): E => {
      const item = repository.create();
      for (const c of columns) (item as Record<string, unknown>)[c.propertyName] = this.dataSource.driver.prepareHydratedValue(row[c.databaseName], c);
      item.status = row.current_status;
      return item;
    };
    return {
      records: rows.map((row) => ({ item: hydrate(row), access: row.full_access ? 'full' : 'redacted' })),
      // Each row carries the count of all matches; a page past the last has no row to carry it.
      total: rows.length ? Number(rows[0].total) : query.page > 1 ? await this.count(target, actor, query, context) : 0,
    };
  }

  private async count(target: CatalogQueryTarget, actor: Actor | null, query: CatalogQuery, { read }: CatalogReadContext): Promise<number> {
    const { sql, params } = buildCatalogCountQuery(target, actor, query);
    const [row] = await read<{ total: string }>(sql, params);
    return Number(row?.total ?? 0);
  }

  /**
   * The filtered list as a spreadsheet, redacted row by row exactly as the list is. Its pages are
   * read in one snapshot (and for one day), so items published, edited or withdrawn meanwhile
   * neither repeat nor drop rows at page boundaries: the file is the list as it stood.
   */
  async export(actor: Actor | null, query: Omit<CatalogQuery, 'page' | 'pageSize'>, format: ExportFormat): Promise<{ content: Buffer; rows: number }> {
    const taxonomy = await this.taxonomy.snapshot();
    const columns = this.spec.columns(taxonomy);
    const rows = await this.inSnapshot(async (context) => {
      const cells: Array<Array<string | number>> = [];
      for (let page = 1; cells.length < MAX_EXPORT_ROWS; page++) {
        const { records } = await this.search(actor, { ...query, page, pageSize: EXPORT_PAGE_SIZE }, context);
        cells.push(...exportCells(columns, records));
        if (records.length < EXPORT_PAGE_SIZE) break;
      }
      return cells.slice(0, MAX_EXPORT_ROWS);
    });
    return { content: await writeSpreadsheet(format, this.spec.kind, columns.map((c) => c.header), rows), rows: rows.length };
  }

  /** Runs `work` in one read-only REPEATABLE READ transaction (on a replica when there are some). */
  private async inSnapshot<T>(work: (context: CatalogReadContext) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner('slave');
    try {
      await runner.startTransaction('REPEATABLE READ');
      await runner.query('SET TRANSACTION READ ONLY');
      const result = await work({ read: (sql, params) => runner.query(sql, params), today: todayInChina() });
      await runner.commitTransaction();
      return result;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  }

  /** Staged disclosure: the owner releases a confidential item's details to one organisation. */
  async grant(actor: Actor, id: string, organizationId: string): Promise<Disclosure> {
    return this.dataSource.transaction(async (manager) => this.disclose(manager, actor, await this.forChange(manager, actor, id), organizationId));
  }

  /**
   * Releases the details of `item` (locked by `forChange`) to an organisation, answers its
   * pending request to see them, if any, and tells it so.
   */
  async disclose(manager: EntityManager, actor: Actor, item: E, organizationId: string): Promise<Disclosure> {
    if (organizationId === item.organizationId) throw ValidationError.of('organizationId', 'isOwner', 'organizationId is the owner itself');
    if (!(await manager.existsBy(Organization, { id: organizationId }))) throw ValidationError.of('organizationId', 'unknown', 'organizationId is not a registered organisation');
    const id = item.id;
    const already = await manager.existsBy(Disclosure, { itemKind: this.spec.kind, itemId: id, organizationId });
    await manager.upsert(Disclosure, { itemKind: this.spec.kind, itemId: id, organizationId, grantedBy: actor.userId }, ['itemKind', 'itemId', 'organizationId']);
    await this.audit.record(manager, actor, { action: `${this.resource}.disclose`, resourceType: this.resource, resourceId: id, organizationId: item.organizationId, details: { to: organizationId } });
    await answerPendingRequests(manager, actor, { itemKind: this.spec.kind, itemId: id, requesterOrganizationId: organizationId });
    // Granting again (PUT is idempotent) tells nobody anything new.
    if (!already) await notify(manager, {
      organizationId,
      kind: 'disclosure.granted',
      title: `${item.title}：详情已向贵单位公开`,
      body: `该${KIND_LABELS[this.spec.kind]}的发布方已向贵单位公开全部详情，可在平台上查看。`,
      subject: { itemKind: this.spec.kind, itemId: id },
    });
    return manager.findOneByOrFail(Disclosure, { itemKind: this.spec.kind, itemId: id, organizationId });
  }

  async revoke(actor: Actor, id: string, organizationId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const item = await this.forChange(manager, actor, id);
      const result = await manager.delete(Disclosure, { itemKind: this.spec.kind, itemId: id, organizationId });
      if (!result.affected) throw new NotFoundError('disclosure', organizationId);
      if (item.visibility === 'confidential') await redactNoticesAbout(manager, this.withdrawn(item), { only: [organizationId] });
      await this.audit.record(manager, actor, { action: `${this.resource}.undisclose`, resourceType: this.resource, resourceId: id, organizationId: item.organizationId, details: { to: organizationId } });
    });
  }

  /** The item as notices about it are rewritten once its details are withdrawn from some readers. */
  private withdrawn(item: E): WithdrawnItem {
    return { kind: this.spec.kind, id: item.id, neutralTitle: item.neutralTitle, ownerOrganizationId: item.organizationId };
  }

  async disclosures(actor: Actor, id: string): Promise<Disclosure[]> {
    const { item } = await this.get(actor, id);
    if (!ownsItem(actor, item)) throw new ForbiddenError('not_owner', `only the owner sees to whom this ${this.resource} is disclosed`);
    return this.dataSource.getRepository(Disclosure).find({ where: { itemKind: this.spec.kind, itemId: id }, order: { grantedAt: 'ASC' } });
  }
}
