import { type ExportFormat, writeSpreadsheet } from '@techbridge/catalog';
import { CooperationModes, DealSources, DealStages } from '@techbridge/domain';
import type { DealRecord } from './deals.service';

/** A 合同台账 is a working list: the latest this many. */
export const DEAL_EXPORT_ROWS = 5_000;

const HEADERS = ['合同编号', '合同名称', '类型', '阶段', '来源', '受让方 / 委托方', '转让方 / 受托方', '技术经纪人', '金额(万元)', '签订日期', '技术合同登记号', '登记日期', '终止原因'];

/** The deals an organisation follows as the 合同台账 it keeps for its 科技部门 or a 登记机构. */
export function dealSheet(format: ExportFormat, records: readonly DealRecord[]): Promise<Buffer> {
  const rows = records.map(({ deal, buyerName, sellerName, brokerName }) => [
    deal.id,
    deal.title,
    CooperationModes.label(deal.kind),
    DealStages.label(deal.stage),
    DealSources.label(deal.source),
    buyerName,
    sellerName,
    brokerName ?? '',
    deal.amountWan ?? '',
    deal.signedOn ?? '',
    deal.registrationNumber ?? '',
    deal.registeredOn ?? '',
    deal.cancelReason ?? '',
  ]);
  return writeSpreadsheet(format, 'deals', HEADERS, rows);
}
