import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthService, type ClientInfo, CredentialsService } from '@techbridge/accounts';
import type { Actor } from '@techbridge/domain';
import { type AuthenticatedRequest, CurrentActor, Public } from '../http/auth.guard';
import { LimitPerIp } from '../http/ip-rate-limit.guard';
import { LoginDto, PasswordResetDto, PasswordResetRequestDto, RefreshDto, RegisterDto } from './account.dto';
import { SessionView, TokensView, UserView } from './account.views';

/** Who is on the other end of a request, for the audit trail and the list of sessions. */
export const clientOf = (req: AuthenticatedRequest): ClientInfo => ({ ip: req.ip ?? 'unknown', requestId: req.id ?? null, userAgent: req.headers['user-agent'] ?? null });

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

  @Post('password-reset-requests')
  @Public()
  @LimitPerIp('password-reset')
  @HttpCode(202)
  @ApiOperation({ summary: 'Forgot password: mail a reset link to this address if an active account has it (the answer never says whether one does)' })
  async requestPasswordReset(@Body() body: PasswordResetRequestDto, @Req() req: AuthenticatedRequest): Promise<{ message: string }> {
    await this.credentials.requestReset(body.email, clientOf(req));
    return { message: 'if an account uses this address, a link to reset its password is on its way' };
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End the session the refresh token belongs to' })
  async logout(@CurrentActor() actor: Actor, @Body() body: RefreshDto): Promise<void> {
    await this.auth.logout(actor, body.refreshToken);
  }
}
