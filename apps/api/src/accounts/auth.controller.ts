import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthService, type ClientInfo, CredentialsService, SessionsService } from '@techbridge/accounts';
import type { Actor } from '@techbridge/domain';
import { type AuthenticatedRequest, CurrentActor, Public } from '../http/auth.guard';
import { LimitPerIp } from '../http/ip-rate-limit.guard';
import { UuidParam } from '../http/uuid-param';
import { ChangePasswordDto, LoginDto, PasswordResetDto, RefreshDto, RegisterDto, UpdateProfileDto } from './account.dto';
import { EndedSessionsView, MeView, OrganizationView, SessionView, SignInSessionView, TokensView, UserView } from './account.views';

const clientOf = (req: AuthenticatedRequest): ClientInfo => ({ ip: req.ip ?? 'unknown', requestId: req.id ?? null, userAgent: req.headers['user-agent'] ?? null });

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly credentials: CredentialsService,
  ) {}

  @Post('register')
  @Public()
  @LimitPerIp('register')
  @ApiOperation({ summary: 'Create an account with a new organisation, or join one by invitation; signs in' })
  async register(@Body() body: RegisterDto, @Req() req: AuthenticatedRequest): Promise<SessionView> {
    const { user, tokens } = await this.auth.register(body, clientOf(req));
    return { user: UserView.from(user), tokens: TokensView.from(tokens) };
  }

  @Post('login')
  @Public()
  @LimitPerIp('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in: a short-lived access token and a single-use refresh token' })
  async login(@Body() body: LoginDto, @Req() req: AuthenticatedRequest): Promise<SessionView> {
    const { user, tokens } = await this.auth.login(body.email, body.password, clientOf(req));
    return { user: UserView.from(user), tokens: TokensView.from(tokens) };
  }

  @Post('refresh')
  @Public()
  @LimitPerIp('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Trade a refresh token for new tokens; a reused one ends the session' })
  async refresh(@Body() body: RefreshDto, @Req() req: AuthenticatedRequest): Promise<TokensView> {
    return TokensView.from(await this.auth.refresh(body.refreshToken, clientOf(req)));
  }

  @Post('password-reset')
  @Public()
  @LimitPerIp('password-reset')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password with a reset token an administrator issued; ends every session and lifts a lock-out' })
  async resetPassword(@Body() body: PasswordResetDto, @Req() req: AuthenticatedRequest): Promise<void> {
    await this.credentials.reset(body.token, body.password, clientOf(req));
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End the session the refresh token belongs to' })
  async logout(@CurrentActor() actor: Actor, @Body() body: RefreshDto): Promise<void> {
    await this.auth.logout(actor, body.refreshToken);
  }
}

@ApiTags('auth')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(
    private readonly auth: AuthService,
    private readonly credentials: CredentialsService,
    private readonly sessions: SessionsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The signed-in user, their organisation and roles' })
  async me(@CurrentActor() actor: Actor): Promise<MeView> {
    const { user, organization } = await this.auth.me(actor);
    return { user: UserView.from(user), organization: organization ? OrganizationView.from(organization) : null, roles: [...actor.roles], brokerFor: [...actor.brokerFor] };
  }

  @Patch()
  @ApiOperation({ summary: 'Change your display name (the e-mail is your sign-in and stays)' })
  async updateProfile(@CurrentActor() actor: Actor, @Body() body: UpdateProfileDto): Promise<UserView> {
    return UserView.from(await this.auth.updateProfile(actor, body));
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
