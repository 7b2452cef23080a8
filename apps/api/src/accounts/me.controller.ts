import { Body, Controller, Delete, Get, Header, HttpCode, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountClosure, AuthService, CredentialsService, PersonalData, SessionsService } from '@techbridge/accounts';
import type { Actor } from '@techbridge/domain';
import { type AuthenticatedRequest, CurrentActor } from '../http/auth.guard';
import { UuidParam } from '../http/uuid-param';
import { ChangePasswordDto, CloseAccountDto, UpdateProfileDto } from './account.dto';
import { EndedSessionsView, MeView, OrganizationView, ProfileView, SignInSessionView, TokensView } from './account.views';
import { clientOf } from './auth.controller';

/** The signed-in user's own account: profile, password and sign-in sessions. */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(
    private readonly auth: AuthService,
    private readonly credentials: CredentialsService,
    private readonly sessions: SessionsService,
    private readonly personal: PersonalData,
    private readonly closure: AccountClosure,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The signed-in user, their organisation and roles' })
  async me(@CurrentActor() actor: Actor): Promise<MeView> {
    const { user, organization } = await this.auth.me(actor);
    return { user: ProfileView.from(user), organization: organization ? OrganizationView.from(organization) : null, roles: [...actor.roles], brokerFor: [...actor.brokerFor] };
  }

  @Patch()
  @ApiOperation({ summary: 'Change your display name or the daily notice e-mail (the e-mail address is your sign-in and stays)' })
  async updateProfile(@CurrentActor() actor: Actor, @Body() body: UpdateProfileDto): Promise<ProfileView> {
    return ProfileView.from(await this.auth.updateProfile(actor, body));
  }

  @Get('personal-data')
  @Header('Content-Disposition', 'attachment; filename="personal-data.json"')
  @ApiOperation({ summary: '个人信息查阅、复制: everything the platform keeps about you as a person, as one JSON document' })
  @ApiOkResponse({ schema: { type: 'object' } })
  async personalData(@CurrentActor() actor: Actor): Promise<Record<string, unknown>> {
    return this.personal.export(actor);
  }

  @Post('close-account')
  @HttpCode(204)
  @ApiOperation({ summary: '注销账号: close your account (give your password); it cannot sign in again, and your e-mail address is released' })
  async closeAccount(@CurrentActor() actor: Actor, @Body() body: CloseAccountDto): Promise<void> {
    await this.closure.close(actor, body.password);
  }

  @Post('password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change your password (give the current one); every session ends, and the answer holds tokens for a new one' })
  async changePassword(@CurrentActor() actor: Actor, @Body() body: ChangePasswordDto, @Req() req: AuthenticatedRequest): Promise<TokensView> {
    return TokensView.from(await this.credentials.change(actor, body.currentPassword, body.newPassword, clientOf(req)));
  }

  @Get('sessions')
  @ApiOperation({ summary: 'Your live sign-in sessions (devices and browsers), most recently active first' })
  async listSessions(@CurrentActor() actor: Actor): Promise<SignInSessionView[]> {
    return (await this.sessions.list(actor)).map(SignInSessionView.from);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'End one of your sessions (its tokens stop working at once); the current one too' })
  async endSession(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<void> {
    await this.sessions.end(actor, id);
  }

  @Post('sessions/end-others')
  @HttpCode(200)
  @ApiOperation({ summary: 'End every session of yours but the current one' })
  async endOtherSessions(@CurrentActor() actor: Actor): Promise<EndedSessionsView> {
    return { ended: await this.sessions.endOthers(actor) };
  }
}
