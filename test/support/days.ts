/** A China calendar day `days` from today there: the platform's days (有效期, deadlines, milestones, figures) are China days. */
export const chinaDay = (days = 0): string => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
