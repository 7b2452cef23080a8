import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AuthService } from '@techbridge/accounts';
import { AppEnv } from '@techbridge/platform';

/** Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when the platform has no active one. */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Accounts');

  constructor(
    private readonly auth: AuthService,
    private readonly env: AppEnv,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const outcome = await this.auth.bootstrapAdmin();
    if (outcome === 'created') this.logger.log('created the first admin account from ADMIN_EMAIL');
    if (outcome === 'promoted') this.logger.log(`made the existing account ${this.env.adminEmail} admin: its password is ADMIN_PASSWORD`);
    if (outcome === 'refused') {
      this.logger.error(
        `ADMIN_EMAIL ${this.env.adminEmail} already has an account whose password is not ADMIN_PASSWORD: it was NOT made admin (someone may have signed up with that address first). Set ADMIN_EMAIL to another address, or have that account closed.`,
      );
    }
    if (outcome === 'not_configured') this.logger.log('ADMIN_EMAIL/ADMIN_PASSWORD not set: no admin bootstrap');
  }
}
