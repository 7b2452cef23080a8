/**
 * SQL over a mail_messages row aliased `m`: its user may no longer receive it. A deactivated account
 * gets nothing more, and a notice digest lists its organisation's notices, so it is not for someone who
 * has left that organisation. Mail waiting in the queue, or failed and resent after an outage, is
 * checked again when it goes, not only when it was written.
 */
export const RECIPIENT_GONE_SQL = `EXISTS (SELECT 1 FROM users u WHERE u.id = m.user_id AND (NOT u.active OR (m.kind = 'notifications.digest' AND u.organization_id IS NULL)))`;
