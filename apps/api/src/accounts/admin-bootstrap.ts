import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AuthService } from '@techbridge/accounts';

/** Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when the platform has none. */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Accounts');

  constructor(private readonly auth: AuthService) {}

  async onApplicationBootstrap(): Promise<void> {
    const outcome = await this.auth.bootstrapAdmin();
    if (outcome === 'created') this.logger.log('created the first admin account from ADMIN_EMAIL');
    if (outcome === 'not_configured') this.logger.log('ADMIN_EMAIL/ADMIN_PASSWORD not set: no admin bootstrap');
  }
}
