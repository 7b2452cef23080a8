import { accessTo, disclosureHolders, LISTED_ACHIEVEMENT } from '@techbridge/catalog';
import { Achievement, type Actor, Disclosure, type RoadshowPitch } from '@techbridge/domain';
import { type EntityManager, In } from 'typeorm';

type TitledPitch = Pick<RoadshowPitch, 'id' | 'achievementId' | 'title'>;

/** A pitch as a reader may read it: its announced title, or its achievement's neutral one. */
export interface PitchFace {
  title: string;
  /** The reader may read the achievement in full, as the catalogue decides. */
  readable: boolean;
}

/** Should an achievement be gone (it never is: they are archived), still nothing of its title. */
const NO_ACHIEVEMENT = '路演项目';

/**
 * Each pitch as `reader` may read it. A pitch keeps the title it was announced with (the achievement's
 * own, or the organizers' wording), but its achievement may have turned confidential, or been taken off
 * the catalogue, since: whoever may not read the achievement in full now reads its neutral title.
 */
export async function pitchFaces(manager: EntityManager, reader: Actor | null, pitches: readonly TitledPitch[]): Promise<Map<string, PitchFace>> {
  if (!pitches.length) return new Map();
  const ids = [...new Set(pitches.map((p) => p.achievementId))];
  const achievements = new Map((await manager.findBy(Achievement, { id: In(ids) })).map((a) => [a.id, a]));
  const orgs = disclosureHolders(reader);
  const disclosed = new Set(orgs.length ? (await manager.findBy(Disclosure, { itemKind: 'achievement', itemId: In(ids), organizationId: In(orgs) })).map((d) => d.itemId) : []);
  return new Map(
    pitches.map((pitch) => {
      const achievement = achievements.get(pitch.achievementId);
      const readable = !!achievement && accessTo(reader, achievement, LISTED_ACHIEVEMENT, disclosed.has(achievement.id)) === 'full';
      return [pitch.id, { title: readable ? pitch.title : (achievement?.neutralTitle ?? NO_ACHIEVEMENT), readable }];
    }),
  );
}

export async function pitchTitle(manager: EntityManager, reader: Actor | null, pitch: TitledPitch): Promise<string> {
  return (await pitchFaces(manager, reader, [pitch])).get(pitch.id)!.title;
}

/** For a notice to an organisation other than the presenter (the organizers): the title anyone may read. */
export async function outsiderPitchTitle(manager: EntityManager, pitch: TitledPitch): Promise<string> {
  const achievement = await manager.findOneBy(Achievement, { id: pitch.achievementId });
  if (!achievement) return NO_ACHIEVEMENT;
  return achievement.visibility === 'confidential' ? achievement.neutralTitle : pitch.title;
}
