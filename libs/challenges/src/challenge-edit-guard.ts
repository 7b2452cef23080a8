import { Injectable } from '@nestjs/common';
import { DemandsService } from '@techbridge/catalog';
import { ChallengeApplication, ConflictError } from '@techbridge/domain';
import { In } from 'typeorm';

/** Applications still in the race or carried out: they need their challenge. */
const LIVE_STATUSES = ['under_review', 'awarded'] as const;

/**
 * A challenge with live applications stays a challenge: its owner edits it freely but cannot take
 * `challenge` away, which would leave reviews and awarded projects without their challenge (its
 * panel answering 409 not_a_challenge). Applying re-reads the challenge under a share lock, so an
 * application committing meanwhile is seen here, or sees the edit.
 */
@Injectable()
export class ChallengeEditGuard {
  constructor(demands: DemandsService) {
    demands.guardUpdates(async (manager, demand, { after }) => {
      if (!demand.isChallenge || after.challenge) return;
      if (!(await manager.existsBy(ChallengeApplication, { demandId: demand.id, status: In([...LIVE_STATUSES]) }))) return;
      const message = 'challenge cannot be removed while applications to it are under review or awarded: close the challenge instead';
      throw new ConflictError('challenge_has_applications', message, [{ field: 'challenge', code: 'liveApplications', message }]);
    });
  }
}
